import { ScrollView, Text, View } from '@tarojs/components';
import { Button, Popup } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css';
import { useEffect, useState } from 'react';
import type { AssignmentView, GroupView, TaskDetail } from '../../../core/api/contract';
import { LightTag } from '../../components/LightTag';
import { zh } from '../../i18n/zh-CN';
import './NarrowSheet.scss';

export interface NarrowCandidate {
  assignment: AssignmentView;
  /** A report, extension or urge exists: the server keeps this assignment whatever is unchecked. */
  hasHistory: boolean;
}

/**
 * The members of a 相关 collective that hold an assignment on this task and that narrowing may remove: not the
 * units the task names by their own name (the server never removes those).
 */
export function narrowCandidates(detail: TaskDetail, group: GroupView): NarrowCandidate[] {
  const members = new Set(group.members);
  const named = new Set([...detail.task.leadNames, ...detail.task.responsibleNames]);
  const touched = new Set([
    ...detail.reports.map((r) => r.assignmentId),
    ...detail.extensions.map((e) => e.assignmentId),
    ...detail.urges.map((u) => u.assignmentId),
  ]);
  return detail.assignments
    .filter((a) => members.has(a.unitId) && !named.has(a.unitName))
    .map((a) => ({ assignment: a, hasHistory: touched.has(a.id) || a.lastReportAt !== null }));
}

/**
 * A sheet listing a 相关 collective's units on this task, all checked: the supervisor unchecks the ones that are
 * not really concerned and confirms; units with history stay checked and cannot be unchecked.
 */
export function NarrowSheet({
  group,
  candidates,
  busy,
  onConfirm,
  onClose,
}: {
  group: GroupView | null;
  candidates: NarrowCandidate[];
  busy: boolean;
  onConfirm(keepUnitIds: string[], removing: number): void;
  onClose(): void;
}) {
  const [kept, setKept] = useState<Set<string>>(new Set());
  useEffect(() => {
    if (group) setKept(new Set(candidates.map((c) => c.assignment.unitId)));
    // Every opening starts with all checked.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [group]);

  const removing = candidates.filter((c) => !c.hasHistory && !kept.has(c.assignment.unitId)).length;
  const keptCount = candidates.length - removing;

  function toggle(c: NarrowCandidate) {
    if (c.hasHistory) return;
    setKept((prev) => {
      const next = new Set(prev);
      if (next.has(c.assignment.unitId)) next.delete(c.assignment.unitId);
      else next.add(c.assignment.unitId);
      return next;
    });
  }

  const title = group ? zh.task.narrow.sheetTitle(group.name) : '';
  return (
    <Popup visible={group !== null} position="bottom" round onClose={onClose} closeAriaLabel={zh.common.close}>
      <View className="narrow-sheet" aria-label={title}>
        <Text className="narrow-sheet__title">{title}</Text>
        <Text className="narrow-sheet__hint">{zh.task.narrow.sheetHint}</Text>
        <View className="narrow-sheet__bar">
          <Text className="narrow-sheet__count">{zh.task.narrow.kept(keptCount, candidates.length)}</Text>
          {removing > 0 ? (
            <View
              className="narrow-sheet__all"
              role="button"
              onClick={() => setKept(new Set(candidates.map((c) => c.assignment.unitId)))}
            >
              {zh.task.narrow.selectAll}
            </View>
          ) : null}
        </View>
        <ScrollView className="narrow-sheet__list" scrollY>
          {candidates.map((c) => {
            const on = c.hasHistory || kept.has(c.assignment.unitId);
            return (
              <View
                key={c.assignment.id}
                className={`narrow-sheet__row${on ? ' narrow-sheet__row--on' : ''}${
                  c.hasHistory ? ' narrow-sheet__row--fixed' : ''
                }`}
                role="checkbox"
                aria-checked={on}
                aria-disabled={c.hasHistory}
                aria-label={zh.task.narrow.unitAria(c.assignment.unitName)}
                onClick={() => toggle(c)}
              >
                <View className="narrow-sheet__check" />
                <View className="narrow-sheet__row-text">
                  <Text className="narrow-sheet__name">{c.assignment.unitName}</Text>
                  <Text className="narrow-sheet__meta">
                    {c.hasHistory ? zh.task.narrow.history : zh.status[c.assignment.status]}
                  </Text>
                </View>
                <LightTag light={c.assignment.light} size="small" />
              </View>
            );
          })}
        </ScrollView>
        <View className="btn-row narrow-sheet__buttons">
          <Button size="large" onClick={onClose}>
            {zh.common.cancel}
          </Button>
          <Button
            size="large"
            type={removing > 0 ? 'danger' : 'primary'}
            loading={busy}
            onClick={() =>
              onConfirm(
                candidates.filter((c) => c.hasHistory || kept.has(c.assignment.unitId)).map((c) => c.assignment.unitId),
                removing,
              )
            }
          >
            {zh.task.narrow.confirm(removing)}
          </Button>
        </View>
      </View>
    </Popup>
  );
}
