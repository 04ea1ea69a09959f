import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import { useEffect, useState } from 'react';
import type {
  AssignmentView,
  GroupView,
  InstructionView,
  MeView,
  ReportView,
  TaskDetail,
} from '../../../core/api/contract';
import { newRequestId } from '../../lib/requestId';
import { api } from '../../api';
import { ActionBar } from '../../components/ActionBar';
import { DueText } from '../../components/DueText';
import { LightTag } from '../../components/LightTag';
import { RequireSession } from '../../components/RequireSession';
import { RoleTag } from '../../components/RoleTag';
import { ErrorState, LoadingState } from '../../components/StateViews';
import { TextPrompt } from '../../components/TextPrompt';
import { Timeline } from '../../components/Timeline';
import { zh } from '../../i18n/zh-CN';
import { chineseDate } from '../../lib/dates';
import { confirmDialog, toast, toastError } from '../../lib/feedback';
import { useAction } from '../../lib/useAction';
import { useAsync } from '../../lib/useAsync';
import { askToSubscribe } from '../../lib/subscribe';
import { NarrowSheet, narrowCandidates } from './NarrowSheet';
import { CycleFact } from './Cycle';
import { InstructionSheet, Instructions } from './Instructions';
import { SplitSheet, type SplitChoice } from './SplitSheet';
import { OtherUnits } from './OtherUnits';
import './index.scss';

const UNITS_FOLDED = 6;

export default function TaskPage() {
  return <RequireSession>{(me) => <Task me={me} />}</RequireSession>;
}

type Prompt =
  | { kind: 'return'; report: ReportView }
  | { kind: 'urge'; assignmentIds: string[]; title: string }
  | { kind: 'instruct'; assignmentId: string | null; title: string }
  | null;

function Task({ me }: { me: MeView }) {
  const router = useRouter();
  const taskId = decodeURIComponent(router.params.id ?? '');
  const state = useAsync(() => api.getTask({ taskId }), [taskId]);
  const [prompt, setPrompt] = useState<Prompt>(null);
  const { busy, run } = useAction(state.reload);
  const [allUnits, setAllUnits] = useState(false);
  const [groups, setGroups] = useState<GroupView[]>([]);
  const [narrowing, setNarrowing] = useState<GroupView | null>(null);
  const [splitting, setSplitting] = useState(false);
  // What the caller may do comes from the server (TaskDetail.can), the same rules the use cases enforce.
  const mayNarrow = state.data?.can.narrow ?? false;
  const relevantKey = state.data?.task.relevantGroupIds.join(',') ?? '';

  // The 相关 collectives of the task, with their members, for those who may narrow them.
  useEffect(() => {
    if (!mayNarrow || !relevantKey) return;
    const ids = new Set(relevantKey.split(','));
    api
      .listDirectory()
      .then((d) => setGroups(d.groups.filter((g) => ids.has(g.id))))
      .catch(toastError);
  }, [mayNarrow, relevantKey]);

  usePullDownRefresh(() => {
    void state.reload().finally(() => void Taro.stopPullDownRefresh());
  });

  if (state.loading && !state.data) return <LoadingState />;
  if (state.error && !state.data) return <ErrorState error={state.error} onRetry={() => void state.reload()} />;
  const detail = state.data as TaskDetail;
  const { task, can } = detail;
  const mine = detail.assignments.find((a) => a.id === detail.myAssignmentId) ?? null;
  const urgeable = new Set(detail.urgeIds);
  const overdueIds = detail.assignments.filter((a) => a.light === 'red' && urgeable.has(a.id)).map((a) => a.id);
  const pendingReports = detail.reports.filter((r) => r.review === 'pending');
  // The caller's own unit first, then the lead units (as the server sends them), then the rest; the parts a unit
  // split (分解下达) right after it, indented; long lists fold. A contact outside the lead unit gets the task's other
  // units counted (detail.others), listed below only when it asks (OtherUnits).
  const shownIds = new Set(detail.assignments.map((a) => a.id));
  const tops = detail.assignments.filter((a) => !a.parentId || !shownIds.has(a.parentId));
  const depthOf = new Map<string, number>();
  const withParts = (a: AssignmentView, depth: number): AssignmentView[] => {
    depthOf.set(a.id, depth);
    return [a, ...detail.assignments.filter((p) => p.parentId === a.id).flatMap((p) => withParts(p, depth + 1))];
  };
  // the caller's own line: its assignment, or for a part the assignment of the table it came down from
  let myTop = mine;
  while (myTop?.parentId && shownIds.has(myTop.parentId)) {
    const parentId: string = myTop.parentId;
    myTop = detail.assignments.find((a) => a.id === parentId) ?? null;
  }
  const ordered = [
    ...tops.filter((a) => a.id === myTop?.id),
    ...tops.filter((a) => a.role === 'lead' && a.id !== myTop?.id),
    ...tops.filter((a) => a.role !== 'lead' && a.id !== myTop?.id),
  ].flatMap((a) => withParts(a, 0));
  const shownUnits = allUnits || ordered.length <= UNITS_FOLDED + 2 ? ordered : ordered.slice(0, UNITS_FOLDED);
  const narrowable = mayNarrow
    ? groups.map((g) => ({ group: g, candidates: narrowCandidates(detail, g) })).filter((n) => n.candidates.length)
    : [];

  function narrow(group: GroupView, keepUnitIds: string[], removing: number) {
    if (removing === 0) {
      toast(zh.task.narrow.nothing);
      setNarrowing(null);
      return;
    }
    void run(
      () => api.narrowTaskGroup({ taskId: task.id, groupId: group.id, keepUnitIds }),
      (res) => {
        const keptWithHistory = removing - res.removed;
        return keptWithHistory > 0
          ? zh.task.narrow.keptWithHistory(res.removed, keptWithHistory)
          : zh.task.narrow.removed(res.removed);
      },
      () => setNarrowing(null),
    );
  }

  const closePrompt = () => setPrompt(null);

  const unitRow = (a: AssignmentView) => (
    <UnitRow
      key={a.id}
      a={a}
      depth={depthOf.get(a.id) ?? 0}
      mine={a.id === detail.myAssignmentId}
      canUrge={urgeable.has(a.id) && a.light !== 'done'}
      canWithdraw={detail.withdrawIds.includes(a.id)}
      onOpenUnit={
        // the unit's page: the overseers for any unit, a lead unit's contact for the units under its task
        me.user.role !== 'contact' || (can.review && a.id !== detail.myAssignmentId)
          ? () => void Taro.navigateTo({ url: `/pages/unit/index?id=${encodeURIComponent(a.unitId)}` })
          : undefined
      }
      onUrge={() => setPrompt({ kind: 'urge', assignmentIds: [a.id], title: zh.task.urgeUnitAria(a.unitName) })}
      onWithdraw={() => withdraw(a)}
      canInstruct={can.instruct && a.status !== 'closed' && !a.parentId}
      onInstruct={() =>
        setPrompt({ kind: 'instruct', assignmentId: a.id, title: zh.instruction.unitTitle(a.unitName) })
      }
    />
  );

  function split(choice: SplitChoice) {
    if (!mine) return;
    void run(
      () =>
        api.splitAssignment({
          assignmentId: mine.id,
          parts: choice.unitIds.map((unitId) => ({ unitId, due: choice.due, note: choice.note })),
        }),
      (res) => zh.split.done(res.parts.length),
      () => setSplitting(false),
    );
  }

  function withdraw(a: AssignmentView) {
    void Taro.showModal({ title: zh.split.withdraw, content: zh.split.withdrawConfirm(a.unitName) }).then((r) => {
      if (r.confirm) void run(() => api.withdrawPart({ assignmentId: a.id }), zh.split.withdrawn);
    });
  }

  function goReport() {
    if (!mine) return;
    // The report page offers 申请办结 only when a completion claim would pass.
    const query = `assignmentId=${encodeURIComponent(mine.id)}&taskId=${encodeURIComponent(task.id)}`;
    const camera = task.cameraOnly ? '&camera=1' : '';
    const parts = mine.rollup ? 1 : 0;
    void Taro.navigateTo({
      url: `/pages/report/index?${query}&claim=${can.claim ? 1 : 0}${camera}&parts=${parts}`,
    });
  }

  function goFollowUp(i: InstructionView) {
    if (!mine) return;
    const query = `assignmentId=${encodeURIComponent(mine.id)}&taskId=${encodeURIComponent(task.id)}`;
    const about = encodeURIComponent(zh.instruction.reportIntro(i.leaderName, i.text).slice(0, 300));
    void Taro.navigateTo({
      url: `/pages/report/index?${query}&claim=0&instructionId=${encodeURIComponent(i.id)}&instruction=${about}`,
    });
  }

  function goExtension() {
    if (!mine) return;
    void Taro.navigateTo({
      url: `/pages/extension/index?assignmentId=${encodeURIComponent(mine.id)}&taskId=${encodeURIComponent(task.id)}`,
    });
  }

  const actions: JSX.Element[] = [];
  if (can.acknowledge && mine) {
    actions.push(
      <Button
        key="ack"
        size="large"
        loading={busy}
        onClick={() => {
          // Inside the tap: the popup asks for the reminders of the task taken on.
          void askToSubscribe(me, 'acknowledge').catch(() => null);
          void run(() => api.acknowledge({ assignmentId: mine.id }), zh.task.actions.acknowledged, closePrompt);
        }}
      >
        {zh.task.actions.acknowledge}
      </Button>,
    );
  }
  if (can.requestExtension && mine) {
    actions.push(
      <Button key="ext" size="large" onClick={goExtension}>
        {zh.task.actions.extension}
      </Button>,
    );
  }
  if (can.urge && overdueIds.length > 0) {
    actions.push(
      <Button
        key="urge"
        size="large"
        disabled={overdueIds.length === 0}
        onClick={() => setPrompt({ kind: 'urge', assignmentIds: overdueIds, title: zh.task.actions.urgeOverdue })}
      >
        {zh.task.actions.urgeOverdue}
      </Button>,
    );
  }
  if (can.instruct) {
    actions.push(
      <Button
        key="instruct"
        size="large"
        onClick={() => setPrompt({ kind: 'instruct', assignmentId: null, title: zh.instruction.writeTitle })}
      >
        {zh.instruction.write}
      </Button>,
    );
  }
  if (can.review && pendingReports.length > 0) {
    actions.push(
      <Button key="review" size="large" onClick={() => void Taro.navigateTo({ url: '/pages/review/index?from=task' })}>
        {zh.task.actions.review}
      </Button>,
    );
  }
  if ((can.report || can.claim) && mine) {
    actions.push(
      <Button key="report" size="large" type="primary" onClick={goReport}>
        {zh.task.actions.report}
      </Button>,
    );
  }

  return (
    <View className={`page task${actions.length ? ' page--with-actionbar' : ''}`}>
      <Instructions
        items={detail.instructions}
        myAssignmentId={detail.myAssignmentId}
        canFollowUp={can.report}
        onFollowUp={goFollowUp}
      />
      {detail.myReturned ? (
        <View className="task__returned" role="alert">
          <Text className="task__returned-title">
            {zh.desk.returned} · {zh.desk.returnedTop}
          </Text>
          <Text className="task__returned-reason">{zh.desk.returnedReason(detail.myReturned.reason)}</Text>
        </View>
      ) : null}
      <View className="card task__head">
        <View className="row-between">
          <Text className="task__seq">
            {zh.task.seq(task.seq)}
            {task.stage ? ` · ${task.stage}` : ''}
          </Text>
          <LightTag light={task.light} />
        </View>
        {detail.myPath.length ? (
          <Text className="task__path" aria-label={zh.split.pathAria(detail.myPath)}>
            {zh.split.path(detail.myPath)}
          </Text>
        ) : null}
        <Text className="task__content" userSelect>
          {task.content}
        </Text>
        <View className="task__facts">
          <View className="task__fact">
            <Text className="task__fact-k">{zh.task.deadline}</Text>
            <Text className="task__fact-v">
              {task.deadline.due
                ? zh.task.deadlineAs(task.deadline.text, chineseDate(task.deadline.due))
                : task.deadline.text || zh.due.ongoing}
            </Text>
          </View>
          {task.leadNames.length ? (
            <View className="task__fact">
              <Text className="task__fact-k">{zh.roleLong.lead}</Text>
              <Text className="task__fact-v">{task.leadNames.join('、')}</Text>
            </View>
          ) : null}
          {task.responsibleNames.length ? (
            <View className="task__fact">
              <Text className="task__fact-k">{zh.roleLong.responsible}</Text>
              <Text className="task__fact-v">{task.responsibleNames.join('、')}</Text>
            </View>
          ) : null}
          <CycleFact detail={detail} onChanged={state.reload} />
        </View>
        {can.reportNoChange && mine ? (
          <View
            className="task__nochange"
            role="button"
            aria-disabled={busy}
            onClick={() => {
              if (busy) return;
              void askToSubscribe(me, 'noChange').catch(() => null);
              void run(
                () =>
                  api.submitReport({
                    assignmentId: mine.id,
                    requestId: newRequestId(),
                    text: zh.cycle.noChange,
                    kind: 'noChange',
                  }),
                zh.cycle.noChangeDone,
              );
            }}
          >
            <Text>{zh.cycle.noChange}</Text>
          </View>
        ) : null}
      </View>

      <View className="section-title">
        <Text>{zh.task.units}</Text>
        <View className="task__units-side">
          <Text className="muted">{zh.common.items(detail.assignments.length + (detail.others?.count ?? 0))}</Text>
          {can.split && mine ? (
            <View
              className="task__split"
              role="button"
              aria-label={zh.split.actionAria}
              onClick={() => setSplitting(true)}
            >
              {zh.split.action}
            </View>
          ) : null}
        </View>
      </View>
      {narrowable.length ? (
        <View className="task-narrow">
          <View className="task-narrow__head">
            <Text className="task-narrow__title">{zh.task.narrow.title}</Text>
          </View>
          <Text className="task-narrow__explain">{zh.task.narrow.explain}</Text>
          {narrowable.map(({ group, candidates }) => (
            <View key={group.id} className="task-narrow__group">
              <View className="task-narrow__group-text">
                <Text className="task-narrow__group-name">{group.name}</Text>
                <Text className="task-narrow__group-count">{zh.task.narrow.groupLine(candidates.length)}</Text>
              </View>
              <View
                className="task-narrow__action"
                role="button"
                aria-label={zh.task.narrow.actionAria(group.name)}
                onClick={() => setNarrowing(group)}
              >
                {zh.task.narrow.action}
              </View>
            </View>
          ))}
        </View>
      ) : null}
      <View className="card task__units">
        {shownUnits.map(unitRow)}
        {detail.others ? <OtherUnits taskId={task.id} summary={detail.others} renderRow={unitRow} /> : null}
        {ordered.length > UNITS_FOLDED + 2 ? (
          <View className="task__toggle" role="button" onClick={() => setAllUnits(!allUnits)}>
            <Text className="link">{allUnits ? zh.dashboard.showLess : zh.task.showAllUnits(ordered.length)}</Text>
          </View>
        ) : null}
      </View>

      <View className="section-title">
        <Text>{zh.task.timeline}</Text>
      </View>
      <View className="card">
        <Timeline
          reports={detail.reports}
          extensions={detail.extensions}
          urges={detail.urges}
          renderReportActions={(r) =>
            can.review && r.review === 'pending' && r.assignmentId !== detail.myAssignmentId ? (
              <View className="btn-row task__review">
                <Button size="small" onClick={() => setPrompt({ kind: 'return', report: r })}>
                  {zh.review.return}
                </Button>
                <Button
                  size="small"
                  type="primary"
                  loading={busy}
                  onClick={() => {
                    void askToSubscribe(me, 'review').catch(() => null);
                    // 通过 closes the unit's task: confirmed first, never one stray tap
                    void confirmDialog(zh.desk.confirmAcceptBody(r.unitName), zh.desk.confirmAccept).then((yes) => {
                      if (yes)
                        void run(
                          () => api.reviewReport({ reportId: r.id, decision: 'accept' }),
                          zh.review.accepted,
                          closePrompt,
                        );
                    });
                  }}
                >
                  {zh.review.accept}
                </Button>
              </View>
            ) : null
          }
        />
      </View>

      {!mine && Object.values(can).every((allowed) => !allowed) ? (
        <Text className="task__readonly">{zh.task.readOnly}</Text>
      ) : null}

      {actions.length ? <ActionBar>{actions.slice(-3)}</ActionBar> : null}

      <SplitSheet
        visible={splitting}
        candidates={detail.splitCandidates}
        ownDue={mine?.dueDate ?? null}
        busy={busy}
        onClose={() => setSplitting(false)}
        onConfirm={split}
      />
      <NarrowSheet
        group={narrowing}
        candidates={narrowing ? narrowCandidates(detail, narrowing) : []}
        busy={busy}
        onClose={() => setNarrowing(null)}
        onConfirm={(keep, removing) => {
          if (narrowing) narrow(narrowing, keep, removing);
        }}
      />
      <TextPrompt
        visible={prompt?.kind === 'return'}
        title={zh.review.returnTitle}
        label={zh.review.reasonLabel}
        placeholder={zh.review.reasonPlaceholder}
        required
        danger
        busy={busy}
        confirmText={zh.review.return}
        onClose={() => setPrompt(null)}
        onConfirm={(reason) => {
          if (prompt?.kind !== 'return') return;
          void run(
            () => api.reviewReport({ reportId: prompt.report.id, decision: 'return', reason }),
            zh.review.returned,
            closePrompt,
          );
        }}
      />
      <InstructionSheet
        visible={prompt?.kind === 'instruct'}
        title={prompt?.kind === 'instruct' ? prompt.title : zh.instruction.writeTitle}
        defaultLeader={me.user.name ?? ''}
        busy={busy}
        onClose={() => setPrompt(null)}
        onConfirm={(text, leaderName) => {
          if (prompt?.kind !== 'instruct') return;
          const assignmentId = prompt.assignmentId;
          void run(
            () => api.writeInstruction({ taskId: task.id, assignmentId, text, leaderName }),
            zh.instruction.submitted,
            closePrompt,
          );
        }}
      />
      <TextPrompt
        visible={prompt?.kind === 'urge'}
        title={prompt?.kind === 'urge' ? prompt.title : zh.task.urgeTitle}
        initial={zh.task.urgeDefault}
        required
        busy={busy}
        confirmText={zh.task.actions.urge}
        onClose={() => setPrompt(null)}
        onConfirm={(message) => {
          if (prompt?.kind !== 'urge') return;
          const ids = prompt.assignmentIds;
          void run(
            () => api.urge({ assignmentIds: ids, message }),
            (res) => zh.desk.urgeSentAndSkipped(res.urged, res.alreadyUrged ?? 0),
            closePrompt,
          );
        }}
      />
    </View>
  );
}

function UnitRow({
  a,
  depth,
  mine,
  canUrge,
  canWithdraw,
  onUrge,
  onWithdraw,
  canInstruct,
  onInstruct,
  onOpenUnit,
}: {
  a: AssignmentView;
  /** 0 for the table's own assignments; 1 for a part split from one (分解下达), 2 below that. */
  depth: number;
  mine: boolean;
  canUrge: boolean;
  canWithdraw: boolean;
  onUrge(): void;
  onWithdraw(): void;
  canInstruct: boolean;
  onInstruct(): void;
  onOpenUnit?: () => void;
}) {
  const r = a.rollup;
  return (
    <View
      className={`task__unit${mine ? ' task__unit--mine' : ''}${depth ? ' task__unit--part' : ''}`}
      style={depth > 1 ? { paddingLeft: `${depth * 16}px` } : undefined}
    >
      <View className="task__unit-main">
        <View className="task__unit-name-row">
          {a.parentId ? <Text className="task__unit-part">{zh.split.partTag}</Text> : null}
          <RoleTag role={a.role} />
          {onOpenUnit ? (
            <View className="task__unit-name link" role="link" onClick={onOpenUnit}>
              {a.unitName}
            </View>
          ) : (
            <Text className="task__unit-name">{a.unitName}</Text>
          )}
          {mine ? <Text className="task__unit-mine">{zh.task.myUnit}</Text> : null}
        </View>
        <View className="task__unit-meta">
          <Text className="task__unit-status">{zh.status[a.status]}</Text>
          {a.percent !== null ? <Text className="task__unit-status">{zh.task.percent(a.percent)}</Text> : null}
          <DueText dueDate={a.dueDate} daysLeft={a.daysLeft} light={a.light} />
        </View>
        {r ? (
          <View
            className="task__unit-rollup"
            aria-label={zh.split.rollupAria(r.done, r.total, r.worstOpen ? zh.light[r.worstOpen] : '')}
          >
            <Text className="task__unit-rollup-text">{zh.split.rollup(r.done, r.total)}</Text>
            {r.worstOpen ? <LightTag light={r.worstOpen} size="small" /> : null}
          </View>
        ) : null}
        {a.note ? <Text className="task__unit-note">{zh.split.note_(a.note)}</Text> : null}
      </View>
      <View className="task__unit-side">
        <LightTag light={a.light} size="small" />
        {canWithdraw ? (
          <View
            className="task__unit-urge"
            role="button"
            aria-label={zh.split.withdrawAria(a.unitName)}
            onClick={onWithdraw}
          >
            {zh.split.withdraw}
          </View>
        ) : null}
        {canUrge ? (
          <View
            className="task__unit-urge"
            role="button"
            aria-label={zh.task.urgeUnitAria(a.unitName)}
            onClick={onUrge}
          >
            {zh.task.actions.urge}
          </View>
        ) : null}
        {canInstruct ? (
          <View
            className="task__unit-urge"
            role="button"
            aria-label={zh.instruction.unitTitle(a.unitName)}
            onClick={onInstruct}
          >
            {zh.instruction.unitAction}
          </View>
        ) : null}
      </View>
    </View>
  );
}
