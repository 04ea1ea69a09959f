import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import { useEffect, useState } from 'react';
import type { ActionOutput, ImportPreview, UnitView } from '../../../../core/api/contract';
import { api, uploadImportFile } from '../../../api';
import { ActionBar } from '../../../components/ActionBar';
import { RequireSession } from '../../../components/RequireSession';
import { zh } from '../../../i18n/zh-CN';
import { toastError } from '../../../lib/feedback';
import { fileToBase64, pickFiles } from '../../../lib/pickFiles';
import { pickerFailure } from '../../../lib/picker';
import { UnitChooser } from '../directory/UnitChooser';
import './index.scss';

const ACCEPT = ['txt', 'csv', 'tsv', 'xlsx', 'docx'];
const TASKS_SHOWN = 5;

export default function ImportPage() {
  return <RequireSession roles={['admin']}>{() => <Import />}</RequireSession>;
}

function Import() {
  const [reading, setReading] = useState(false);
  const [fileName, setFileName] = useState('');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [units, setUnits] = useState<UnitView[]>([]);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  /** The unknown name whose unit is being chosen. */
  const [choosing, setChoosing] = useState<string | null>(null);
  const [allTasks, setAllTasks] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<ActionOutput<'confirmImport'> | null>(null);

  useEffect(() => {
    api
      .listDirectory()
      .then((d) => setUnits([...d.units].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))))
      .catch(() => setUnits([]));
  }, []);

  async function pick() {
    try {
      let res: ImportPreview;
      if (process.env.TARO_ENV === 'h5') {
        const [file] = await pickFiles(ACCEPT.map((e) => `.${e}`).join(','), false);
        if (!file) return;
        setReading(true);
        setFileName(file.name);
        res = await api.importPlan({ fileName: file.name, base64: await fileToBase64(file) });
      } else {
        let picked: { path: string; name: string };
        try {
          const r = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ACCEPT });
          picked = r.tempFiles[0];
        } catch (e) {
          const failure = pickerFailure(e);
          if (failure) toastError(failure);
          return;
        }
        setReading(true);
        setFileName(picked.name);
        const up = await uploadImportFile(picked.path, picked.name);
        res = await api.importPlan({ fileName: picked.name, fileId: up.id });
      }
      setPreview(res);
      setMapping({});
      setResult(null);
      void Taro.pageScrollTo({ scrollTop: 0, duration: 0 });
    } catch (e) {
      toastError(e);
    } finally {
      setReading(false);
    }
  }

  async function confirm() {
    if (!preview) return;
    setConfirming(true);
    try {
      const res = await api.confirmImport({ previewId: preview.previewId, unitMappings: mapping, createUnknown: true });
      setResult(res);
      void Taro.pageScrollTo({ scrollTop: 0, duration: 0 });
    } catch (e) {
      toastError(e);
    } finally {
      setConfirming(false);
    }
  }

  function reset() {
    setPreview(null);
    setResult(null);
    setFileName('');
  }

  if (result) {
    return (
      <View className="page import">
        <View className="card import__done" role="status">
          <View className="import__done-mark">
            <View className="import__done-check" />
          </View>
          <Text className="import__done-title">
            {result.duplicate
              ? zh.importPage.importedDuplicate
              : zh.importPage.imported(result.tasks, result.assignments)}
          </Text>
          <View className="btn-row import__done-buttons">
            <Button size="large" onClick={reset}>
              {zh.importPage.again}
            </Button>
            <Button size="large" type="primary" onClick={() => void Taro.reLaunch({ url: '/pages/dashboard/index' })}>
              {zh.importPage.toDashboard}
            </Button>
          </View>
        </View>
      </View>
    );
  }

  if (!preview) {
    return (
      <View className="page import">
        <View className="card import__pick">
          <Text className="import__intro">{zh.importPage.intro}</Text>
          <Text className="muted">{zh.admin.importNote}</Text>
          <Button
            className="import__pick-button"
            type="primary"
            size="large"
            block
            loading={reading}
            onClick={() => void pick()}
          >
            {reading
              ? zh.importPage.reading
              : process.env.TARO_ENV === 'h5'
                ? zh.importPage.pickH5
                : zh.importPage.pickWeapp}
          </Button>
        </View>
      </View>
    );
  }

  const tasks = allTasks ? preview.tasks : preview.tasks.slice(0, TASKS_SHOWN);
  return (
    <View className="page page--with-actionbar import">
      <View className="section-title">
        <Text>{zh.importPage.previewTitle}</Text>
        <View className="link" role="button" onClick={() => void pick()}>
          {zh.importPage.again}
        </View>
      </View>
      <View className="card">
        <Text className="import__title">{preview.title ?? fileName}</Text>
        <View className="import__stats">
          <View className="import__stat">
            <Text className="import__stat-num">{preview.tasks.length}</Text>
            <Text className="import__stat-label">{zh.importPage.statTasks}</Text>
          </View>
          <View className="import__stat">
            <Text className="import__stat-num">{preview.assignmentCount}</Text>
            <Text className="import__stat-label">{zh.importPage.statAssignments}</Text>
          </View>
          <View className="import__stat">
            <Text className="import__stat-num">{preview.unknownUnits.length}</Text>
            <Text className="import__stat-label">{zh.importPage.statUnknown}</Text>
          </View>
        </View>
        <Text className="import__meta">
          {zh.importPage.format}：{zh.importPage.formatName[preview.format]} ·{' '}
          {zh.importPage.assignments(preview.assignmentCount)}
        </Text>
        {preview.duplicateOfPlanId ? <Text className="import__dup">{zh.importPage.duplicate}</Text> : null}
      </View>

      {preview.unknownUnits.length ? (
        <View>
          <View className="section-title">
            <Text>{zh.importPage.unknownTitle(preview.unknownUnits.length)}</Text>
          </View>
          <View className="card import__unknowns">
            <Text className="import__hint">{zh.importPage.unknownHint}</Text>
            {preview.unknownUnits.map((name) => {
              const mapped = units.find((u) => u.id === mapping[name]);
              return (
                <View key={name} className="import__unknown">
                  <Text className="import__unknown-name">{name}</Text>
                  <View
                    className={`import__choice${mapped ? ' import__choice--mapped' : ''}`}
                    role="button"
                    aria-label={`${name}：${zh.importPage.pickUnit} ${mapped ? zh.importPage.mapTo(mapped.name) : zh.importPage.createNew}`}
                    onClick={() => setChoosing(name)}
                  >
                    <Text className="import__choice-text">
                      {mapped ? zh.importPage.mapTo(mapped.name) : zh.importPage.createNew}
                    </Text>
                    <Text className="import__chevron" />
                  </View>
                </View>
              );
            })}
          </View>
        </View>
      ) : null}

      {preview.warnings.length ? (
        <View>
          <View className="section-title">
            <Text>{zh.importPage.warningsTitle(preview.warnings.length)}</Text>
          </View>
          <View className="card import__warnings">
            {preview.warnings.map((w, i) => (
              <View key={`${w.code}-${w.line ?? 'x'}-${i}`} className="import__warning">
                {w.line !== null ? <Text className="import__warning-line">{zh.importPage.line(w.line)}</Text> : null}
                <Text className="import__warning-text">{w.message}</Text>
              </View>
            ))}
          </View>
        </View>
      ) : null}

      {preview.stages.length ? (
        <View>
          <View className="section-title">
            <Text>{zh.importPage.stages}</Text>
          </View>
          <View className="card import__stages">
            {preview.stages.map((s) => (
              <Text key={s} className="import__stage">
                {s}
              </Text>
            ))}
          </View>
        </View>
      ) : null}

      <View className="section-title">
        <Text>{zh.importPage.taskList}</Text>
      </View>
      <View className="card import__tasks">
        {tasks.map((t) => (
          <View key={t.seq} className="import__task">
            <View className="row-between">
              <Text className="import__task-seq">
                {zh.task.seq(t.seq)}
                {t.stage ? ` · ${t.stage}` : ''}
              </Text>
              <Text className="import__task-due">{t.deadline.text}</Text>
            </View>
            <Text className="import__task-content">{t.content}</Text>
            <Text className="import__task-units">
              {zh.importPage.lead}：{t.lead.join('、') || zh.common.none}
            </Text>
            <Text className="import__task-units">
              {zh.importPage.responsible}：{t.responsible.join('、') || zh.common.none}
            </Text>
          </View>
        ))}
        {preview.tasks.length > TASKS_SHOWN ? (
          <View className="import__toggle" role="button" onClick={() => setAllTasks(!allTasks)}>
            <Text className="link">
              {allTasks ? zh.dashboard.showLess : zh.importPage.showAllTasks(preview.tasks.length)}
            </Text>
          </View>
        ) : null}
      </View>

      <ActionBar>
        <Button type="primary" size="large" block loading={confirming} onClick={() => void confirm()}>
          {confirming ? zh.importPage.confirming : zh.importPage.confirm}
        </Button>
      </ActionBar>

      <UnitChooser
        visible={choosing !== null}
        title={choosing ? zh.importPage.chooseTitle(choosing) : ''}
        hint={zh.importPage.chooseHint}
        units={units}
        multiple={false}
        selected={choosing && mapping[choosing] ? [mapping[choosing]] : []}
        noneLabel={zh.importPage.createNew}
        onClose={() => setChoosing(null)}
        onConfirm={([unitId]) => {
          if (choosing === null) return;
          const name = choosing;
          setMapping((m) => {
            const next = { ...m };
            if (unitId) next[name] = unitId;
            else delete next[name];
            return next;
          });
          setChoosing(null);
        }}
      />
    </View>
  );
}
