/**
 * 分解下达 end to end against the real store: splitting, internal due dates, parts added later and withdrawn, the
 * rollup, extensions decided by the splitting unit within its own date, reviews and urging by it, claims upward
 * with open parts and cited reports, and supervision per level (a district's overseers see its subtree only).
 */
import type { User } from '../model';
import { claimDone, SPLIT_USERS } from '../testing/split';
import { expectError, useWorld } from '../testing/world';

const { w, plan, users } = useWorld({
  smallPlan: true,
  users: {
    ...SPLIT_USERS,
    tianxin: ['district-tianxin', 'contact', '天心联络员'],
    cityViewer: ['city-youhua', 'viewer', '陈领导'],
    districtViewer: ['district-furong', 'viewer', '芙蓉领导'],
    tianxinSup: ['district-tianxin', 'supervisor', '天心督查'],
  },
});

/** t1 (due 2026-03-30) of 芙蓉区, split to 区发改局 (due 03-20) and 定王台街道 (the parent's date). */
async function splitT1() {
  const { parts } = await w.call(users.furong, 'splitAssignment', {
    assignmentId: plan.a['t1:district-furong'],
    parts: [
      { unitId: 'furong-fagai', due: '2026-03-20', role: 'lead', note: '牵头梳理本区事项' },
      { unitId: 'furong-dingwangtai' },
    ],
  });
  const [fagai, dwt] = parts;
  return { fagai: fagai.id, dwt: dwt.id, parts };
}

function claim(user: User, assignmentId: string, extra: Record<string, unknown> = {}) {
  return claimDone(w, user, assignmentId, extra);
}

describe('splitAssignment', () => {
  it('gives parts to units of the subtree, with an earlier date or the parent’s, recorded in the audit', async () => {
    const { parts } = await splitT1();
    expect(parts.map((p) => [p.unitName, p.role, p.dueDate, p.parentId, p.note, p.status])).toEqual([
      ['芙蓉区发展和改革局', 'lead', '2026-03-20', plan.a['t1:district-furong'], '牵头梳理本区事项', 'assigned'],
      ['芙蓉区定王台街道', 'responsible', plan.tasks.t1.deadline.due, plan.a['t1:district-furong'], null, 'assigned'],
    ]);
    const audit = (await w.store.listAudit({ offset: 0, limit: 10 })).items.find((e) => e.action === 'splitAssignment');
    expect(audit?.detail).toMatchObject({ unitId: 'district-furong', taskId: 't1' });
    expect((audit?.detail.parts as unknown[]).length).toBe(2);
  });

  it('adds parts later, one unit once', async () => {
    await splitT1();
    const later = await w.call(users.furong, 'splitAssignment', {
      assignmentId: plan.a['t1:district-furong'],
      parts: [{ unitId: 'furong-wenyilu', due: '2026-03-25' }],
    });
    expect(later.parts[0].unitName).toBe('芙蓉区文艺路街道');
    const again = await expectError(
      w.call(users.furong, 'splitAssignment', {
        assignmentId: plan.a['t1:district-furong'],
        parts: [{ unitId: 'furong-fagai' }],
      }),
      'CONFLICT',
    );
    expect(again.message).toContain('芙蓉区发展和改革局');
    const detail = await w.call(users.furong, 'getTask', { taskId: 't1' });
    expect(detail.assignments.filter((a) => a.parentId).map((a) => a.unitName)).toEqual([
      '芙蓉区发展和改革局',
      '芙蓉区定王台街道',
      '芙蓉区文艺路街道',
    ]);
  });

  it('refuses a date after the parent’s, a unit outside the subtree, a unit twice, another unit’s assignment', async () => {
    const id = plan.a['t1:district-furong'];
    const late = await expectError(
      w.call(users.furong, 'splitAssignment', {
        assignmentId: id,
        parts: [{ unitId: 'furong-fagai', due: '2026-04-01' }],
      }),
      'BAD_INPUT',
    );
    expect(late.message).toContain('不能晚于本单位的完成时间');
    const outside = await expectError(
      w.call(users.furong, 'splitAssignment', { assignmentId: id, parts: [{ unitId: 'city-bianban' }] }),
      'BAD_INPUT',
    );
    expect(outside.message).toContain('不是本单位的下级单位');
    await expectError(
      w.call(users.furong, 'splitAssignment', {
        assignmentId: id,
        parts: [{ unitId: 'furong-fagai' }, { unitId: 'furong-fagai' }],
      }),
      'BAD_INPUT',
    );
    await expectError(w.call(users.furong, 'splitAssignment', { assignmentId: id, parts: [] }), 'BAD_INPUT');
    await expectError(
      w.call(users.tianxin, 'splitAssignment', { assignmentId: id, parts: [{ unitId: 'furong-fagai' }] }),
      'FORBIDDEN',
    );
    // 天心区 has no units below it
    await expectError(
      w.call(users.tianxin, 'splitAssignment', {
        assignmentId: plan.a['t1:district-tianxin'],
        parts: [{ unitId: 'furong-fagai' }],
      }),
      'CONFLICT',
    );
    expect((await w.store.listAssignmentsOfTask('t1')).some((a) => a.parentId)).toBe(false);
  });

  it('not once the assignment is claimed or closed', async () => {
    await claim(users.furong, plan.a['t3:district-furong']);
    await expectError(
      w.call(users.furong, 'splitAssignment', {
        assignmentId: plan.a['t3:district-furong'],
        parts: [{ unitId: 'furong-fagai' }],
      }),
      'CONFLICT',
    );
  });
});

describe('a part is an ordinary assignment of its unit', () => {
  it('appears in the unit’s list with the path it came down, and its contact sees only its own part', async () => {
    const { fagai, dwt } = await splitT1();
    const list = await w.call(users.fagai, 'listMyTasks', {});
    expect(list.items.map((c) => [c.assignmentId, c.path, c.dueDate])).toEqual([
      [fagai, ['芙蓉区人民政府'], '2026-03-20'],
    ]);
    await w.call(users.fagai, 'acknowledge', { assignmentId: fagai });
    await w.call(users.dwt, 'submitReport', { assignmentId: dwt, requestId: 'r1', text: '街道已排查' });
    const own = await w.call(users.fagai, 'getTask', { taskId: 't1' });
    expect(own.myAssignmentId).toBe(fagai);
    expect(own.myPath).toEqual(['芙蓉区人民政府']);
    // never its sibling: neither the sibling's reports nor the sibling itself
    expect(own.reports).toEqual([]);
    expect(own.assignments.some((a) => a.id === dwt)).toBe(false);
    expect(own.can).toMatchObject({ report: true, claim: true, split: false, review: false, urge: false });
    await expectError(
      w.call(users.fagai, 'submitReport', { assignmentId: dwt, requestId: 'x', text: '代报' }),
      'FORBIDDEN',
    );
  });

  it('the splitting unit sees its parts’ reports; the task’s lead unit does not', async () => {
    const { dwt } = await splitT1();
    await w.call(users.dwt, 'submitReport', { assignmentId: dwt, requestId: 'r1', text: '街道已排查' });
    const district = await w.call(users.furong, 'getTask', { taskId: 't1' });
    expect(district.reports.map((r) => r.text)).toEqual(['街道已排查']);
    expect(district.can).toMatchObject({ urge: true, split: true });
    const lead = await w.call(users.bianban, 'getTask', { taskId: 't1' });
    expect(lead.reports).toEqual([]);
    expect(lead.assignments.some((a) => a.parentId)).toBe(false);
  });
});

describe('withdrawPart', () => {
  it('withdraws a part without reports; not one with a report, not by its own contact or another unit', async () => {
    const { fagai, dwt } = await splitT1();
    await w.call(users.dwt, 'submitReport', { assignmentId: dwt, requestId: 'r1', text: '街道已排查' });
    await expectError(w.call(users.fagai, 'withdrawPart', { assignmentId: fagai }), 'FORBIDDEN');
    await expectError(w.call(users.tianxin, 'withdrawPart', { assignmentId: fagai }), 'FORBIDDEN');
    await expectError(
      w.call(users.furong, 'withdrawPart', { assignmentId: plan.a['t1:district-tianxin'] }),
      'FORBIDDEN',
    );
    expect(await w.call(users.furong, 'withdrawPart', { assignmentId: fagai })).toEqual({ ok: true });
    expect(await w.store.getAssignment(fagai)).toBeNull();
    const kept = await expectError(w.call(users.furong, 'withdrawPart', { assignmentId: dwt }), 'CONFLICT');
    expect(kept.message).toContain('不能撤回');
    expect((await w.store.listAudit({ offset: 0, limit: 5 })).items[0].action).toBe('withdrawPart');
  });
});

describe('the splitting unit reviews, urges and decides extensions for its parts', () => {
  it('reviews a part’s claim from its queue, and the rollup follows: 1/2 done, the worst open light', async () => {
    const { fagai, dwt } = await splitT1();
    const c = await claim(users.fagai, fagai);
    const queue = await w.call(users.furong, 'reviewQueue', {});
    expect(queue.reports.map((r) => r.report.id)).toEqual([c.id]);
    // the task's lead unit (市编办 leads t1) does not review a district's part
    expect((await w.call(users.bianban, 'reviewQueue', {})).reports.map((r) => r.report.id)).not.toContain(c.id);
    await expectError(w.call(users.bianban, 'reviewReport', { reportId: c.id, decision: 'accept' }), 'FORBIDDEN');
    await w.call(users.furong, 'reviewReport', { reportId: c.id, decision: 'accept' });
    const detail = await w.call(users.furong, 'getTask', { taskId: 't1' });
    const own = detail.assignments.find((a) => a.id === plan.a['t1:district-furong'])!;
    expect(own.rollup).toEqual({ done: 1, total: 2, worstOpen: 'green' });
    expect(detail.assignments.find((a) => a.id === dwt)?.light).toBe('green');
    // a part overdue makes the rollup red
    w.clock.set('2026-04-02T02:00:00.000Z');
    const later = await w.call(users.furong, 'getTask', { taskId: 't1' });
    expect(later.assignments.find((a) => a.id === plan.a['t1:district-furong'])?.rollup).toEqual({
      done: 1,
      total: 2,
      worstOpen: 'red',
    });
  });

  it('urges its parts, not the table’s other assignments', async () => {
    const { dwt } = await splitT1();
    expect(await w.call(users.furong, 'urge', { assignmentIds: [dwt], message: '请本周内报送' })).toEqual({
      urged: 1,
      alreadyUrged: 0,
    });
    await expectError(
      w.call(users.furong, 'urge', { assignmentIds: [plan.a['t1:district-tianxin']], message: '请抓紧' }),
      'FORBIDDEN',
    );
    const seen = await w.call(users.dwt, 'getTask', { taskId: 't1' });
    expect(seen.urges.map((u) => u.message)).toEqual(['请本周内报送']);
  });

  it('decides a part’s extension within its own due date; beyond it, it must ask upward first', async () => {
    const { fagai, dwt } = await splitT1();
    const within = await w.call(users.fagai, 'requestExtension', {
      assignmentId: fagai,
      newDue: '2026-03-28',
      reason: '需协调',
    });
    const queue = await w.call(users.furong, 'reviewQueue', {});
    expect(queue.extensions.map((e) => e.id)).toEqual([within.extension.id]);
    const ok = await w.call(users.furong, 'decideExtension', { extensionId: within.extension.id, approve: true });
    expect(ok.extension.status).toBe('approved');
    expect((await w.store.getAssignment(fagai))?.dueDate).toBe('2026-03-28');
    const beyond = await w.call(users.dwt, 'requestExtension', {
      assignmentId: dwt,
      newDue: '2026-04-15',
      reason: '需协调',
    });
    const refused = await expectError(
      w.call(users.furong, 'decideExtension', { extensionId: beyond.extension.id, approve: true }),
      'FORBIDDEN',
    );
    expect(refused.message).toContain('向上级申请延期');
    // the city's supervisor does not act on a district's parts: the district asks upward for its own date first
    await expectError(
      w.call(users.city, 'decideExtension', { extensionId: beyond.extension.id, approve: true }),
      'FORBIDDEN',
    );
    const upward = await w.call(users.furong, 'requestExtension', {
      assignmentId: plan.a['t1:district-furong'],
      newDue: '2026-04-20',
      reason: '街道需延期，申请本区同步延期',
    });
    await w.call(users.city, 'decideExtension', { extensionId: upward.extension.id, approve: true });
    await w.call(users.furong, 'decideExtension', { extensionId: beyond.extension.id, approve: true });
    expect((await w.store.getAssignment(dwt))?.dueDate).toBe('2026-04-15');
    // a unit cannot decide extensions of the table's own assignments
    const tianxinExt = await w.call(users.tianxin, 'requestExtension', {
      assignmentId: plan.a['t1:district-tianxin'],
      newDue: '2026-04-30',
      reason: '需协调',
    });
    await expectError(
      w.call(users.furong, 'decideExtension', { extensionId: tianxinExt.extension.id, approve: true }),
      'FORBIDDEN',
    );
  });
});

describe('claiming upward', () => {
  it('asks for confirmation naming the open parts, lists the parts and carries the cited reports’ photos', async () => {
    const { fagai, dwt } = await splitT1();
    w.files.put('photo-fagai', users.fagai.principal);
    const fagaiClaim = await claim(users.fagai, fagai, { photos: ['photo-fagai'] });
    await w.call(users.furong, 'reviewReport', { reportId: fagaiClaim.id, decision: 'accept' });
    const asked = await expectError(claim(users.furong, plan.a['t1:district-furong']), 'CONFLICT');
    expect(asked.message).toContain('芙蓉区定王台街道');
    expect(asked.message).not.toContain('芙蓉区发展和改革局');
    expect(asked.detail).toMatchObject({ openParts: [dwt] });
    await expectError(
      claim(users.furong, plan.a['t1:district-furong'], { confirmOpenParts: true, citeReportIds: ['no-such'] }),
      'BAD_INPUT',
    );
    const up = await claim(users.furong, plan.a['t1:district-furong'], {
      confirmOpenParts: true,
      citeReportIds: [fagaiClaim.id],
    });
    expect(up.text).toContain('【分解落实情况】1/2 已办结');
    expect(up.text).toContain('芙蓉区发展和改革局：已办结');
    expect(up.text).toContain('芙蓉区定王台街道：未办结');
    expect(up.text).toContain('引用：芙蓉区发展和改革局');
    expect(up.photos.map((p) => p.id)).toEqual(['photo-fagai']);
    // the city's lead unit reviews the district's claim, with the part's photo as evidence
    const queue = await w.call(users.bianban, 'reviewQueue', {});
    expect(queue.reports.find((r) => r.report.id === up.id)?.report.photos[0].url).toBe('memory://files/photo-fagai');
  });

  it('citing is only for a claim on a split assignment', async () => {
    await expectError(claim(users.tianxin, plan.a['t1:district-tianxin'], { citeReportIds: ['x'] }), 'BAD_INPUT');
  });
});

describe('supervision per level', () => {
  it('a district’s supervisor and viewer see their subtree: its own assignments and its units’ parts, nothing else', async () => {
    const { fagai } = await splitT1();
    for (const who of [users.districtSup, users.districtViewer]) {
      const t1 = await w.call(who, 'getTask', { taskId: 't1' });
      expect(t1.assignments.map((a) => a.unitId).sort()).toEqual([
        'district-furong',
        'furong-dingwangtai',
        'furong-fagai',
      ]);
      const board = await w.call(who, 'dashboard', {});
      expect(board.byUnit.map((u) => u.unitId).sort()).toEqual([
        'district-furong',
        'furong-dingwangtai',
        'furong-fagai',
      ]);
      expect(board.counts.total).toBe(5); // 芙蓉区 on t1, t2, t3 and the two parts
      expect(board.overdue.every((r) => r.unitName.startsWith('芙蓉区'))).toBe(true);
    }
    // another district's supervisor never sees 芙蓉区's parts
    const tianxin = await w.call(users.tianxinSup, 'getTask', { taskId: 't1' });
    expect(tianxin.assignments.map((a) => a.unitId)).toEqual(['district-tianxin']);
    await expectError(w.call(users.tianxinSup, 'getTask', { taskId: 't3' }), 'FORBIDDEN');
    await expectError(w.call(users.tianxinSup, 'urge', { assignmentIds: [fagai], message: '请抓紧' }), 'FORBIDDEN');
    expect((await w.call(users.tianxinSup, 'dashboard', {})).counts.total).toBe(1);
    // the district's supervisor urges within its subtree only
    expect(await w.call(users.districtSup, 'urge', { assignmentIds: [fagai], message: '请抓紧' })).toEqual({
      urged: 1,
      alreadyUrged: 0,
    });
    await expectError(
      w.call(users.districtSup, 'urge', { assignmentIds: [plan.a['t1:district-tianxin']], message: '请抓紧' }),
      'FORBIDDEN',
    );
  });

  it('a district’s supervisor reviews its subtree’s claims only', async () => {
    const { fagai } = await splitT1();
    const c = await claim(users.fagai, fagai);
    const other = await claim(users.tianxin, plan.a['t1:district-tianxin']);
    const queue = await w.call(users.districtSup, 'reviewQueue', {});
    expect(queue.reports.map((r) => r.report.id)).toEqual([c.id]);
    await expectError(
      w.call(users.districtSup, 'reviewReport', { reportId: other.id, decision: 'accept' }),
      'FORBIDDEN',
    );
    expect((await w.call(users.tianxinSup, 'reviewQueue', {})).reports.map((r) => r.report.id)).toEqual([other.id]);
  });

  it('the city counts the table’s own assignments, and sees each district’s parts read-only under its assignment', async () => {
    const before = (await w.call(users.city, 'dashboard', {})).counts.total;
    await splitT1();
    const after = await w.call(users.city, 'dashboard', {});
    expect(after.counts.total).toBe(before);
    for (const who of [users.city, users.cityViewer]) {
      const t1 = await w.call(who, 'getTask', { taskId: 't1' });
      const i = t1.assignments.findIndex((a) => a.unitId === 'district-furong');
      expect(t1.assignments[i].rollup).toEqual({ done: 0, total: 2, worstOpen: 'green' });
      expect(t1.assignments.slice(i + 1, i + 3).map((a) => a.unitName)).toEqual([
        '芙蓉区发展和改革局',
        '芙蓉区定王台街道',
      ]);
    }
    expect((await w.call(users.cityViewer, 'getTask', { taskId: 't1' })).can).toMatchObject({
      urge: false,
      review: false,
    });
  });

  it('the circular of a district covers its subtree', async () => {
    await splitT1();
    const { fileName } = await w.call(users.districtSup, 'exportCircular', { format: 'xlsx' });
    expect(fileName).toMatch(/\.xlsx$/);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(w.files.exports.get(`export/${fileName}`)!));
    const units: string[] = [];
    wb.getWorksheet('单位情况')!.eachRow((row, n) => {
      if (n > 3) units.push(String(row.getCell(2).value));
    });
    expect(units.sort()).toEqual(['芙蓉区人民政府', '芙蓉区定王台街道', '芙蓉区发展和改革局'].sort());
  });
});

describe('the supervisor’s desk per level', () => {
  it('a district’s supervisor lists the tasks its district holds and opens only the units of its subtree', async () => {
    await splitT1();
    const list = await w.call(users.districtSup, 'listTasks', {});
    const furongTasks = (
      await w.store.listAssignments({ unitIds: ['district-furong'] }, { offset: 0, limit: 100 })
    ).items
      .map((i) => i.task.id)
      .sort();
    expect(list.items.map((r) => r.taskId).sort()).toEqual(furongTasks);
    const fagai = await w.call(users.districtSup, 'unitOverview', { unitId: 'furong-fagai' });
    expect(fagai.assignments.map((a) => a.unitId)).toEqual(['furong-fagai']);
    await expectError(w.call(users.districtSup, 'unitOverview', { unitId: 'district-tianxin' }), 'FORBIDDEN');
    // another district's tasks are not the desk of this one
    expect((await w.call(users.districtSup, 'listTasks', { unitId: 'district-tianxin' })).total).toBe(0);
    // the city's supervisor sees every task of the table
    const city = await w.call(users.city, 'listTasks', {});
    expect(city.total).toBe((await w.store.listTasks({ offset: 0, limit: 100 })).total);
  });
});

describe('a district’s administrator keeps its own subtree', () => {
  it('adds and edits units under the district, issues their codes, and nothing outside', async () => {
    const admin = users.districtAdmin;
    const unit = await w.call(admin, 'saveUnit', { name: '芙蓉区教育局', parentId: 'district-furong' });
    expect(unit).toMatchObject({ parentId: 'district-furong', kind: 'district' });
    const invite = await w.call(admin, 'createInvite', { unitId: unit.id, role: 'contact' });
    expect(invite.unitName).toBe('芙蓉区教育局');
    const listed = await w.call(admin, 'listInvites', {});
    expect(listed.map((i) => i.code)).toContain(invite.code);
    expect(new Set(listed.map((i) => i.unitId))).toEqual(
      new Set([unit.id, 'district-furong', 'furong-fagai', 'furong-dingwangtai']),
    );
    await expectError(w.call(admin, 'saveUnit', { name: '市新设单位' }), 'FORBIDDEN');
    await expectError(w.call(admin, 'saveUnit', { id: 'city-bianban', name: '市编办' }), 'FORBIDDEN');
    await expectError(w.call(admin, 'saveUnit', { id: unit.id, name: '芙蓉区教育局', parentId: null }), 'FORBIDDEN');
    await expectError(w.call(admin, 'createInvite', { unitId: 'district-tianxin', role: 'contact' }), 'FORBIDDEN');
    // a unit is never put under itself or its own subtree
    const cityAdmin = await w.addUser('city-ducha', 'admin');
    await expectError(
      w.call(cityAdmin, 'saveUnit', { id: 'district-furong', name: '芙蓉区人民政府', parentId: 'furong-fagai' }),
      'BAD_INPUT',
    );
    const dir = await w.call(cityAdmin, 'listDirectory', {});
    expect(dir.units.filter((u) => u.parentId === 'district-furong')).toHaveLength(14);
  });
});
