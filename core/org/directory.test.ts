import { demoDirectory } from '../../data/index';
import { DubanError } from '../errors';
import { createDirectoryIndex, parseDirectory } from './directory';

const dir = createDirectoryIndex(demoDirectory());

describe('the Changsha directory', () => {
  it('has the units the 2018 table names, the 9 district governments and the parks', () => {
    for (const name of [
      '市编办',
      '市政务服务中心',
      '市电子政务办',
      '市优化办',
      '市政府法制办',
      '市新闻中心',
      '市政府督查室',
      '市监察委',
      '市绩效办',
      '市质监局',
    ]) {
      expect(dir.resolve(name)).toMatchObject({ kind: 'unit', name });
    }
    expect(dir.membersOf('group-districts').map((u) => u.name)).toEqual([
      '芙蓉区人民政府',
      '天心区人民政府',
      '岳麓区人民政府',
      '开福区人民政府',
      '雨花区人民政府',
      '望城区人民政府',
      '长沙县人民政府',
      '浏阳市人民政府',
      '宁乡市人民政府',
    ]);
    expect(dir.membersOf('group-parks').length).toBe(13);
    expect(dir.membersOf('group-parks').every((u) => u.kind === 'park')).toBe(true);
  });

  it('counts the city units the table names among 市直各单位', () => {
    const city = dir.membersOf('group-city');
    expect(city.length).toBe(50);
    expect(city.map((u) => u.name)).toEqual(
      expect.arrayContaining(['市编办', '市质监局', '市发改委', '市公安局', '市财政局']),
    );
    expect(city.every((u) => u.kind === 'city')).toBe(true);
  });

  it.each([
    ['各区县（市）人民政府', '区县（市）人民政府', false],
    ['区县（市）人民政府', '区县（市）人民政府', false],
    ['各区县（市）政府', '区县（市）人民政府', false],
    ['各相关区县（市）人民政府', '区县（市）人民政府', true],
    ['各区县(市)人民政府', '区县（市）人民政府', false],
    ['市直各单位', '市直各单位', false],
    ['市直各部门', '市直各单位', false],
    ['市直各相关单位', '市直各单位', true],
    ['各园区管委会', '各园区管委会', false],
    ['各园区', '各园区管委会', false],
    ['各园区管委', '各园区管委会', false],
  ])('reads the collective %s as %s', (written, name, relevantOnly) => {
    expect(dir.resolve(written)).toMatchObject({ kind: 'group', name, relevantOnly });
  });

  it('reads short and long forms and stray spaces', () => {
    expect(dir.resolve('市政务中心').name).toBe('市政务服务中心');
    expect(dir.resolve('长沙市编办').name).toBe('市编办');
    expect(dir.resolve('市委编办').name).toBe('市编办');
    expect(dir.resolve(' 市优化 办').name).toBe('市优化办');
    expect(dir.resolve('芙蓉区').id).toBe('district-furong');
  });

  it('keeps an unknown unit under its own name', () => {
    expect(dir.resolve('市 大数据局')).toEqual({
      text: '市大数据局',
      name: '市大数据局',
      kind: 'unknown',
      id: null,
      relevantOnly: false,
    });
    expect(dir.resolve('市某某办(筹)').name).toBe('市某某办（筹）');
  });
});

describe('parseDirectory', () => {
  const base = {
    units: [
      { id: 'a', name: '市甲局', aliases: ['甲局'], kind: 'city' },
      { id: 'b', name: '市乙局', aliases: [], kind: 'city' },
    ],
    groups: [{ id: 'g', name: '市直各单位', aliases: [], members: ['a', 'b'] }],
  };

  function codeAndMessage(json: unknown): [string, string] {
    try {
      parseDirectory(json);
    } catch (e) {
      if (e instanceof DubanError) return [e.code, e.message];
      throw e;
    }
    throw new Error('accepted');
  }

  it('accepts a well-formed directory', () => {
    expect(parseDirectory(base).units.length).toBe(2);
  });

  it('rejects a duplicate id', () => {
    const [code, message] = codeAndMessage({
      ...base,
      units: [...base.units, { id: 'a', name: '市丙局', aliases: [] }],
    });
    expect(code).toBe('BAD_INPUT');
    expect(message).toContain('编号“a”重复');
  });

  it('rejects a name used twice', () => {
    const [, message] = codeAndMessage({
      ...base,
      units: [...base.units, { id: 'c', name: '市丙局', aliases: ['甲局'] }],
    });
    expect(message).toContain('“甲局”同时属于');
  });

  it('rejects a member that is not a unit', () => {
    const [, message] = codeAndMessage({ ...base, groups: [{ id: 'g', name: '市直各单位', members: ['a', 'zz'] }] });
    expect(message).toContain('成员“zz”不在单位列表中');
  });

  it('rejects a malformed file', () => {
    expect(codeAndMessage({ units: 'x' })[0]).toBe('BAD_INPUT');
    expect(codeAndMessage(null)[0]).toBe('BAD_INPUT');
  });
});

describe('names per level', () => {
  const demo = demoDirectory();
  const furong = createDirectoryIndex(demo, { level: 'district-furong' });
  const fromStreet = createDirectoryIndex(demo, { level: 'furong-dingwangtai' });
  const city = createDirectoryIndex(demo, { level: 'city-ducha' });

  it('reads a district’s own short names inside it: 区发改局 is 芙蓉区’s, for the district and its units', () => {
    for (const index of [furong, fromStreet]) {
      expect(index.levelRootId).toBe('district-furong');
      expect(index.resolve('区发改局')).toMatchObject({ kind: 'unit', id: 'furong-fagai' });
      expect(index.resolve('区政务服务中心')).toMatchObject({ kind: 'unit', id: 'furong-zhengwu' });
      expect(index.resolve('区市场监管局')).toMatchObject({ kind: 'unit', id: 'furong-shijian' });
      expect(index.resolve('区财政局')).toMatchObject({ kind: 'unit', id: 'furong-caizheng' });
      expect(index.resolve('发改局')).toMatchObject({ kind: 'unit', id: 'furong-fagai' });
      expect(index.resolve('区人民政府')).toMatchObject({ kind: 'unit', id: 'district-furong' });
      // the full names, and the city's units, read as everywhere
      expect(index.resolve('芙蓉区住房和城乡建设局')).toMatchObject({ kind: 'unit', id: 'furong-zhujian' });
      expect(index.resolve('市政务服务中心')).toMatchObject({ kind: 'unit', id: 'city-zwfw' });
    }
  });

  it('expands the district’s own collectives to its own units', () => {
    const depts = furong.resolve('区直各单位');
    expect(depts).toMatchObject({ kind: 'group', id: 'group-furong-depts' });
    expect(furong.membersOf(depts.id!).every((u) => u.parentId === 'district-furong')).toBe(true);
    expect(furong.membersOf(depts.id!)).toHaveLength(8);
    const streets = furong.resolve('各街道');
    expect(streets).toMatchObject({ kind: 'group', id: 'group-furong-streets' });
    expect(furong.membersOf(streets.id!).map((u) => u.name)).toContain('芙蓉区定王台街道');
    expect(furong.resolve('区直各部门')).toMatchObject({ kind: 'group', id: 'group-furong-depts' });
    expect(furong.resolve('各街道办事处')).toMatchObject({ kind: 'group', id: 'group-furong-streets' });
    // the city's collectives are the city's, in the district too
    expect(furong.resolve('市直各单位')).toMatchObject({ kind: 'group', id: 'group-city' });
  });

  it('keeps the city’s level as it was: short names of a district are not the city’s', () => {
    for (const index of [city, createDirectoryIndex(demo)]) {
      expect(index.levelRootId).toBeNull();
      expect(index.resolve('区发改局').kind).toBe('unknown');
      expect(index.resolve('区直各单位').kind).toBe('unknown');
      expect(index.resolve('发改局').kind).not.toBe('unit');
      expect(index.resolve('芙蓉区发改局')).toMatchObject({ kind: 'unit', id: 'furong-fagai' });
    }
    expect(city.resolve('各街道')).toEqual(createDirectoryIndex(demo).resolve('各街道'));
  });

  it('reads another district’s short names in that district only', () => {
    const tianxin = createDirectoryIndex(
      parseDirectory({
        units: [
          ...demo.units,
          { id: 'tianxin-fagai', name: '天心区发展和改革局', aliases: ['天心区发改局'], parentId: 'district-tianxin' },
        ],
        groups: demo.groups,
      }),
      { level: 'district-tianxin' },
    );
    expect(tianxin.resolve('区发改局')).toMatchObject({ kind: 'unit', id: 'tianxin-fagai' });
    expect(tianxin.resolve('区政务服务中心').kind).toBe('unknown');
  });
});
