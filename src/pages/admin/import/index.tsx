import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import { useEffect, useState } from 'react';
import type { ActionOutput, ImportPreview, PreviewTaskEdit, UnitView } from '../../../../core/api/contract';
import type { ColumnRole } from '../../../../core/model';
import { api, uploadImportFile } from '../../../api';
import { ActionBar } from '../../../components/ActionBar';
import { RequireSession } from '../../../components/RequireSession';
import { zh } from '../../../i18n/zh-CN';
import { toastError } from '../../../lib/feedback';
import { fileToBase64, pickFiles } from '../../../lib/pickFiles';
import { pickerFailure } from '../../../lib/picker';
import { chineseDate } from '../../../lib/dates';
import { UnitChooser } from '../directory/UnitChooser';
import { ColumnRoles } from './ColumnRoles';
import { PlanList } from './PlanList';
import { PreviewTask } from './PreviewTask';
import './index.scss';

const ACCEPT = ['txt', 'csv', 'tsv', 'xlsx', 'docx'];
const TASKS_SHOWN = 5;
const CHANGES_SHOWN = 6;

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
  /** The file as importPlan took it, to read it again with other column roles. */
  const [source, setSource] = useState<{ fileName: string; base64?: string; fileId?: string } | null>(null);
  const [rereading, setRereading] = useState(false);
  const [asRevision, setAsRevision] = useState(true);
  const [plansKey, setPlansKey] = useState(0);
  const [allChanges, setAllChanges] = useState(false);

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
        const src = { fileName: file.name, base64: await fileToBase64(file) };
        res = await api.importPlan(src);
        setSource(src);
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
        const src = { fileName: picked.name, fileId: up.id };
        res = await api.importPlan(src);
        setSource(src);
      }
      setPreview(res);
      setMapping({});
      setResult(null);
      setAsRevision(true);
      void Taro.pageScrollTo({ scrollTop: 0, duration: 0 });
    } catch (e) {
      toastError(e);
    } finally {
      setReading(false);
    }
  }

  /** Reads the file again with the admin's column roles (edits made so far are read again from the file). */
  async function changeColumns(columns: ColumnRole[]) {
    if (!source) return;
    setRereading(true);
    try {
      setPreview(await api.importPlan({ ...source, columns }));
    } catch (e) {
      toastError(e);
    } finally {
      setRereading(false);
    }
  }

  async function edit(input: { edits?: PreviewTaskEdit[]; shiftYears?: number }): Promise<boolean> {
    if (!preview) return false;
    try {
      setPreview(await api.editPreview({ previewId: preview.previewId, ...input }));
      return true;
    } catch (e) {
      toastError(e);
      return false;
    }
  }

  async function confirm() {
    if (!preview) return;
    setConfirming(true);
    try {
      const res = await api.confirmImport({
        previewId: preview.previewId,
        unitMappings: mapping,
        createUnknown: true,
        asRevision: preview.revision !== null && asRevision,
      });
      setResult(res);
      setPlansKey((k) => k + 1);
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
    setSource(null);
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
              : result.revision
                ? zh.importPage.revised(result.revision)
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
        <PlanList refreshKey={plansKey} />
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
        <PlanList refreshKey={plansKey} />
      </View>
    );
  }

  const revision = preview.revision;
  // the first few changes (changed, then added, then removed), all of them on request
  const changeCount = revision ? revision.changed.length + revision.added.length + revision.removed.length : 0;
  const changes = { changed: revision?.changed ?? [], added: revision?.added ?? [], removed: revision?.removed ?? [] };
  if (!allChanges) {
    let left = CHANGES_SHOWN;
    for (const k of ['changed', 'added', 'removed'] as const) {
      const kept = changes[k].slice(0, left);
      left -= kept.length;
      (changes as Record<string, unknown[]>)[k] = kept;
    }
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
            <Text className="import__stat-num">{preview.tasks.filter((t) => !t.excluded).length}</Text>
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
        {preview.allPast ? (
          <View className="import__notice" role="note">
            <Text className="import__notice-text">
              {zh.importPage.allPast(chineseDate(preview.allPast.latestDue), preview.allPast.years)}
            </Text>
            <Button size="small" type="primary" onClick={() => void edit({ shiftYears: preview.allPast!.years })}>
              {zh.importPage.shiftYears(preview.allPast.years)}
            </Button>
          </View>
        ) : null}
      </View>

      {revision ? (
        <View className="card import__revision" role="note">
          <Text className="import__revision-title">{zh.importPage.revisionTitle(revision.planTitle)}</Text>
          <Text className="import__revision-summary">
            {zh.importPage.revisionSummary(
              revision.added.length,
              revision.changed.length,
              revision.removed.length,
              revision.unchanged,
            )}
          </Text>
          {changes.changed.map((c) => (
            <View key={`c${c.seq}`} className="import__revision-item">
              <Text className="import__revision-kind">{zh.importPage.revisionChanged}</Text>
              <Text className="import__revision-text">
                {zh.task.seq(c.seq)} {c.content}
                {zh.importPage.revisionFields(c.fields)}
                {c.addedUnits.length || c.removedUnits.length
                  ? ` ${zh.importPage.revisionUnits(c.addedUnits, c.removedUnits)}`
                  : ''}
              </Text>
            </View>
          ))}
          {changes.added.map((a) => (
            <View key={`a${a.seq}`} className="import__revision-item">
              <Text className="import__revision-kind import__revision-kind--added">{zh.importPage.revisionAdded}</Text>
              <Text className="import__revision-text">
                {zh.task.seq(a.seq)} {a.content}
              </Text>
            </View>
          ))}
          {changes.removed.map((r) => (
            <View key={`r${r.seq}`} className="import__revision-item">
              <Text className="import__revision-kind import__revision-kind--removed">
                {zh.importPage.revisionRemoved}
              </Text>
              <Text className="import__revision-text">
                {zh.task.seq(r.seq)} {r.content}
              </Text>
            </View>
          ))}
          {changeCount > CHANGES_SHOWN ? (
            <View className="import__toggle" role="button" onClick={() => setAllChanges(!allChanges)}>
              <Text className="link">
                {allChanges ? zh.dashboard.showLess : zh.importPage.showAllChanges(changeCount)}
              </Text>
            </View>
          ) : null}
          <Text className="import__hint import__revision-hint">{zh.importPage.revisionHint}</Text>
          <View className="import__column-roles" role="radiogroup" aria-label={zh.importPage.asRevision}>
            {[true, false].map((on) => (
              <View
                key={String(on)}
                className={`import__chip${asRevision === on ? ' import__chip--on' : ''}`}
                role="radio"
                aria-checked={asRevision === on}
                onClick={() => setAsRevision(on)}
              >
                <Text>{on ? zh.importPage.asRevision : zh.importPage.asNewPlan}</Text>
              </View>
            ))}
          </View>
        </View>
      ) : null}

      {preview.columns ? (
        <View>
          <View className="section-title">
            <Text>{zh.importPage.columnsTitle}</Text>
          </View>
          <ColumnRoles columns={preview.columns} busy={rereading} onChange={(c) => void changeColumns(c)} />
        </View>
      ) : null}

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
          <PreviewTask
            key={`${preview.previewId}-${t.seq}`}
            task={t}
            warnings={preview.warnings.filter((w) => w.line !== null && w.line === t.line)}
            onEdit={(e) => edit({ edits: [e] })}
          />
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
          {confirming
            ? zh.importPage.confirming
            : revision && asRevision
              ? zh.importPage.confirmRevision
              : zh.importPage.confirm}
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
