import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import { useState } from 'react';
import type { CircularFormat, DashboardRow, DashboardTask, LightCounts, MeView } from '../../../core/api/contract';
import type { Light } from '../../../core/model';
import { api, openCircular } from '../../api';
import { DueText } from '../../components/DueText';
import { LightTag } from '../../components/LightTag';
import { RequireSession } from '../../components/RequireSession';
import { RoleTag } from '../../components/RoleTag';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateViews';
import { TabBar } from '../../components/TabBar';
import { TextPrompt } from '../../components/TextPrompt';
import { zh } from '../../i18n/zh-CN';
import { chineseDateTime, shortDate } from '../../lib/dates';
import { toast, toastError } from '../../lib/feedback';
import { useAction } from '../../lib/useAction';
import { useAsync } from '../../lib/useAsync';
import { PlanFilter } from '../../components/PlanFilter';
import { UrgeLine } from '../../components/UrgeLine';
import './index.scss';

const LIGHTS: Light[] = ['red', 'yellow', 'green', 'done'];
const UNITS_SHOWN = 8;
const ROWS_FOLDED = 5;
const MISSED_FOLDED = 5;

export default function DashboardPage() {
  return <RequireSession roles={['supervisor', 'viewer', 'admin']}>{(me) => <Dashboard me={me} />}</RequireSession>;
}

interface OverdueGroup {
  taskId: string;
  seq: number;
  content: string;
  rows: DashboardRow[];
}

/** The rows under their tasks, in table order (the answer names each task once). */
function groupByTask(rows: DashboardRow[], tasks: DashboardTask[]): OverdueGroup[] {
  const byId = new Map(tasks.map((t) => [t.taskId, t]));
  const groups = new Map<string, OverdueGroup>();
  for (const r of rows) {
    const t = byId.get(r.taskId);
    const g = groups.get(r.taskId) ?? { taskId: r.taskId, seq: t?.seq ?? 0, content: t?.content ?? '', rows: [] };
    g.rows.push(r);
    groups.set(r.taskId, g);
  }
  return [...groups.values()].sort((a, b) => a.seq - b.seq);
}

function Bar({ counts }: { counts: LightCounts }) {
  if (counts.total === 0) return <View className="dash__bar" />;
  return (
    <View className="dash__bar" aria-hidden="true">
      {LIGHTS.map((l) =>
        counts[l] > 0 ? (
          <View
            key={l}
            className={`dash__bar-part dash__bar-part--${l}`}
            style={{ width: `${(counts[l] / counts.total) * 100}%` }}
          />
        ) : null,
      )}
    </View>
  );
}

function Dashboard({ me }: { me: MeView }) {
  const [planId, setPlanId] = useState<string | null>(null);
  const state = useAsync(() => api.dashboard(planId ? { planId } : {}), [planId]);
  const [allUnits, setAllUnits] = useState(false);
  const [openGroups, setOpenGroups] = useState<Set<string>>(() => new Set());
  const [urgeIds, setUrgeIds] = useState<{ ids: string[]; title: string } | null>(null);
  const [showAllMissed, setShowAllMissed] = useState(false);
  const { busy, run } = useAction(state.reload);
  const [exporting, setExporting] = useState<CircularFormat | null>(null);
  const canUrge = me.user.role === 'supervisor';

  usePullDownRefresh(() => {
    void state.reload().finally(() => void Taro.stopPullDownRefresh());
  });

  /** The Word circular or its Excel annex: h5 downloads it, weapp opens it with openDocument. */
  async function exportCircular(format: CircularFormat) {
    setExporting(format);
    try {
      const res = await api.exportCircular(planId ? { planId, format } : { format });
      await openCircular(res.url, res.fileName, res.fileId, res.format);
      toast(zh.dashboard.exported);
    } catch (e) {
      toastError(e);
    } finally {
      setExporting(null);
    }
  }

  function openTask(taskId: string) {
    void Taro.navigateTo({ url: `/pages/task/index?id=${encodeURIComponent(taskId)}` });
  }
  // drill-down: a tile opens the whole table filtered by its light, a ranking row the unit, a stage its tasks
  function openTasks(params: Record<string, string>) {
    const q = Object.entries(params)
      .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
      .join('&');
    void Taro.navigateTo({ url: `/pages/tasks/index?${q}` });
  }
  function openUnit(unitId: string) {
    void Taro.navigateTo({ url: `/pages/unit/index?id=${encodeURIComponent(unitId)}` });
  }

  const d = state.data;
  let body: JSX.Element;
  if (state.loading && !d) body = <LoadingState />;
  else if (!d)
    body = state.error ? <ErrorState error={state.error} onRetry={() => void state.reload()} /> : <LoadingState />;
  else if (d.counts.total === 0) body = <EmptyState title={zh.tasks.emptyTitle} hint={zh.tasks.emptyAll} />;
  else {
    const units = allUnits ? d.byUnit : d.byUnit.slice(0, UNITS_SHOWN);
    const groups = groupByTask(d.overdue, d.tasks);
    const weekGroups = groupByTask(d.dueThisWeek, d.tasks);
    body = (
      <View>
        <View className="card dash__summary">
          <View className="row-between">
            <Text className="dash__total">{zh.dashboard.total(d.counts.total)}</Text>
          </View>
          <View className="row-between dash__exports">
            <Button
              size="small"
              type="primary"
              loading={exporting === 'docx'}
              disabled={exporting !== null}
              onClick={() => void exportCircular('docx')}
            >
              {exporting === 'docx' ? zh.dashboard.exporting : zh.evidence.exportDocx}
            </Button>
            <Button
              size="small"
              loading={exporting === 'xlsx'}
              disabled={exporting !== null}
              onClick={() => void exportCircular('xlsx')}
            >
              {exporting === 'xlsx' ? zh.dashboard.exporting : zh.evidence.exportXlsx}
            </Button>
          </View>
          <View className="dash__tiles">
            {LIGHTS.map((l) => (
              <View
                key={l}
                className={`dash__tile dash__tile--${l}`}
                role="button"
                onClick={() => openTasks({ light: l })}
              >
                <Text className="dash__tile-num">{d.counts[l]}</Text>
                <LightTag light={l} size="small" />
              </View>
            ))}
          </View>
          <Bar counts={d.counts} />
          <Text className="dash__generated">{zh.dashboard.generated(chineseDateTime(d.generatedAt))}</Text>
        </View>

        <View className="section-title">
          <Text>{zh.dashboard.byUnit}</Text>
          <Text className="muted">{zh.common.items(d.byUnit.length)}</Text>
        </View>
        <View className="card dash__list">
          {units.map((u, i) => (
            <View key={u.unitId} className="dash__unit-row" role="button" onClick={() => openUnit(u.unitId)}>
              <Text
                className={`dash__rank${(u.rank ?? i + 1) <= 3 && u.counts.red > 0 ? ' dash__rank--top' : ''}`}
                aria-label={zh.dashboard.rank(u.rank ?? i + 1)}
              >
                {u.rank ?? i + 1}
              </Text>
              <View className="dash__unit-main">
                <View className="row-between">
                  <Text className="dash__unit-name">{u.unitName}</Text>
                  {u.counts.red > 0 ? (
                    <Text className="dash__unit-red">{zh.dashboard.overdueN(u.counts.red)}</Text>
                  ) : null}
                </View>
                <Text className="dash__unit-counts">
                  {zh.dashboard.unitCounts(u.counts.red, u.counts.yellow, u.counts.done, u.counts.total)}
                </Text>
                <Bar counts={u.counts} />
              </View>
            </View>
          ))}
          {d.byUnit.length > UNITS_SHOWN ? (
            <View className="dash__toggle" role="button" onClick={() => setAllUnits(!allUnits)}>
              <Text className="link">{allUnits ? zh.dashboard.showLess : zh.dashboard.showAll(d.byUnit.length)}</Text>
            </View>
          ) : null}
        </View>

        <View className="section-title">
          <Text>{zh.dashboard.overdue}</Text>
          <Text className="muted">
            {d.overdue.length < d.counts.red
              ? zh.dashboard.firstN(d.overdue.length, d.counts.red)
              : zh.common.items(d.overdue.length)}
          </Text>
        </View>
        {groups.length === 0 ? (
          <View className="card">
            <Text className="muted">{zh.dashboard.noneOverdue}</Text>
          </View>
        ) : (
          groups.map((g) => {
            const open = openGroups.has(g.taskId);
            const rows = open ? g.rows : g.rows.slice(0, ROWS_FOLDED);
            return (
              <View key={g.taskId} className="card dash__group">
                <View className="dash__group-task" role="button" onClick={() => openTask(g.taskId)}>
                  <Text className="dash__seq">
                    {zh.task.seq(g.seq)} · {zh.dashboard.overdueUnits(g.rows.length)}
                  </Text>
                  <Text className="dash__content">{g.content}</Text>
                </View>
                {canUrge && g.rows.length > 1 ? (
                  <Button
                    className="dash__urge-all"
                    size="small"
                    fill="outline"
                    type="danger"
                    block
                    onClick={() =>
                      setUrgeIds({ ids: g.rows.map((r) => r.assignmentId), title: zh.dashboard.urgeAll(g.rows.length) })
                    }
                  >
                    {zh.dashboard.urgeAll(g.rows.length)}
                  </Button>
                ) : null}
                {rows.map((r) => (
                  <View key={r.assignmentId} className="dash__row">
                    <RoleTag role={r.role} />
                    <View className="dash__unit-col">
                      <Text className="dash__unit">{r.unitName}</Text>
                      {r.urges ? <UrgeLine urges={r.urges} /> : null}
                    </View>
                    <DueText dueDate={null} daysLeft={r.daysLeft} light={r.light} />
                    {canUrge ? (
                      <View
                        className="dash__urge"
                        role="button"
                        aria-label={zh.task.urgeUnitAria(r.unitName)}
                        onClick={() => setUrgeIds({ ids: [r.assignmentId], title: zh.task.urgeUnitAria(r.unitName) })}
                      >
                        {zh.dashboard.urge}
                      </View>
                    ) : null}
                  </View>
                ))}
                {g.rows.length > ROWS_FOLDED ? (
                  <View
                    className="dash__toggle"
                    role="button"
                    onClick={() =>
                      setOpenGroups((prev) => {
                        const next = new Set(prev);
                        if (open) next.delete(g.taskId);
                        else next.add(g.taskId);
                        return next;
                      })
                    }
                  >
                    <Text className="link">
                      {open ? zh.dashboard.showLess : zh.dashboard.showAllUnits(g.rows.length)}
                    </Text>
                  </View>
                ) : null}
              </View>
            );
          })
        )}

        <View className="section-title">
          <Text>{zh.instruction.dashboardTitle}</Text>
          <Text className="muted">{zh.common.items(d.openInstructions.total)}</Text>
        </View>
        <View className="card dash__list">
          {d.openInstructions.items.length === 0 ? (
            <Text className="muted">{zh.instruction.dashboardEmpty}</Text>
          ) : null}
          {d.openInstructions.items.map((i) => (
            <View key={i.id} className="dash__due" role="button" onClick={() => openTask(i.taskId)}>
              <View className="row-between">
                <Text className="dash__unit-name">{i.leaderName}</Text>
                <Text className="dash__cycle-tag dash__cycle-tag--late">
                  {zh.instruction.actedCount(i.units.filter((u) => u.actedAt).length, i.units.length)}
                </Text>
              </View>
              <Text className="dash__due-content">{i.text}</Text>
              <Text className="muted">
                {i.unitName ? zh.instruction.onUnit(i.unitName) : zh.instruction.onTask} ·{' '}
                {chineseDateTime(i.createdAt)}
              </Text>
            </View>
          ))}
        </View>

        <View className="section-title">
          <Text>{zh.cycle.dashboardTitle}</Text>
          <Text className="muted">{zh.cycle.unitsCount(d.missedReports.units.length)}</Text>
        </View>
        <View className="card dash__list">
          {d.missedReports.units.length === 0 ? <Text className="muted">{zh.cycle.dashboardEmpty}</Text> : null}
          {d.missedReports.periods.length ? (
            <Text className="muted">
              {zh.cycle.periodLine(d.missedReports.periods.map((p) => ({ name: p.periodName, due: shortDate(p.due) })))}
            </Text>
          ) : null}
          {(showAllMissed ? d.missedReports.units : d.missedReports.units.slice(0, MISSED_FOLDED)).map((u) => (
            <View key={u.unitId} className="row-between dash__missed">
              <Text className="dash__unit-name">{u.unitName}</Text>
              <View className="dash__missed-tags">
                {u.missing ? (
                  <Text className="dash__cycle-tag dash__cycle-tag--missing">{zh.cycle.missingCount(u.missing)}</Text>
                ) : null}
                {u.late ? (
                  <Text className="dash__cycle-tag dash__cycle-tag--late">{zh.cycle.lateCount(u.late)}</Text>
                ) : null}
              </View>
            </View>
          ))}
          {d.missedReports.units.length > MISSED_FOLDED ? (
            <View className="dash__toggle" role="button" onClick={() => setShowAllMissed(!showAllMissed)}>
              <Text className="link">
                {showAllMissed ? zh.dashboard.showLess : zh.cycle.showAllUnits(d.missedReports.units.length)}
              </Text>
            </View>
          ) : null}
        </View>

        <View className="section-title">
          <Text>{zh.dashboard.dueThisWeek}</Text>
          <Text className="muted">
            {zh.desk.dueThisWeekCount(d.dueThisWeekCount ?? d.dueThisWeek.length, weekGroups.length)}
          </Text>
        </View>
        <View className="card dash__list">
          {d.dueThisWeek.length === 0 ? <Text className="muted">{zh.dashboard.noneDueThisWeek}</Text> : null}
          {weekGroups.map((g) => (
            <View key={g.taskId} className="dash__due" role="button" onClick={() => openTask(g.taskId)}>
              <View className="row-between">
                <Text className="dash__due-content">
                  {zh.task.seq(g.seq)} {g.content}
                </Text>
                <LightTag light={g.rows[0].light} size="small" />
              </View>
              <Text className="dash__unit-counts">
                {zh.desk.dueThisWeekUnits(g.rows.length)}：{g.rows.map((r) => r.unitName).join('、')}
              </Text>
              <DueText dueDate={g.rows[0].dueDate} daysLeft={g.rows[0].daysLeft} light={g.rows[0].light} />
            </View>
          ))}
        </View>

        <View className="section-title">
          <Text>{zh.dashboard.byStage}</Text>
        </View>
        <View className="card dash__list">
          {d.byStage.map((st) => (
            <View key={st.stage} className="dash__stage" role="button" onClick={() => openTasks({ stage: st.stage })}>
              <View className="row-between">
                <Text className="dash__stage-name">{st.stage}</Text>
                <Text className="dash__stage-num">
                  {st.counts.done}/{st.counts.total}
                </Text>
              </View>
              <Text className="dash__unit-counts">
                {zh.dashboard.unitCounts(st.counts.red, st.counts.yellow, st.counts.done, st.counts.total)}
              </Text>
              <Bar counts={st.counts} />
            </View>
          ))}
        </View>
      </View>
    );
  }

  return (
    <View className="page page--with-tabbar dash">
      <PlanFilter value={planId} onChange={setPlanId} />
      {body}
      <TextPrompt
        visible={urgeIds !== null}
        title={urgeIds?.title ?? zh.task.urgeTitle}
        initial={zh.task.urgeDefault}
        required
        busy={busy}
        confirmText={zh.dashboard.urge}
        onClose={() => setUrgeIds(null)}
        onConfirm={(message) => {
          if (!urgeIds) return;
          const ids = urgeIds.ids;
          void run(
            () => api.urge({ assignmentIds: ids, message }),
            (res) => zh.desk.urgeSentAndSkipped(res.urged, res.alreadyUrged ?? 0),
            () => setUrgeIds(null),
          );
        }}
      />
      <TabBar current="dashboard" />
    </View>
  );
}
