/**
 * The task's other units as a contact outside the lead unit first sees them (TaskDetail.others): how many, by light,
 * and the first names, with a control that lists them (listTaskUnits, a page at a time). Its own assignment stays at
 * the top of the list; the hundred others wait until asked for.
 */
import { Text, View } from '@tarojs/components';
import { useEffect, useRef, useState } from 'react';
import type { AssignmentView, TaskUnitsSummary } from '../../../core/api/contract';
import { api } from '../../api';
import { zh } from '../../i18n/zh-CN';
import { toastError } from '../../lib/feedback';

export function OtherUnits({
  taskId,
  summary,
  renderRow,
}: {
  taskId: string;
  summary: TaskUnitsSummary;
  renderRow(a: AssignmentView): JSX.Element;
}) {
  const [listed, setListed] = useState<AssignmentView[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [loading, setLoading] = useState(false);
  const words = zh.taskUnits;

  function load(after?: string) {
    if (loading) return;
    setLoading(true);
    api
      .listTaskUnits({ taskId, ...(after ? { after } : {}) })
      .then((page) => {
        setListed((before) => [...(after ? (before ?? []) : []), ...page.assignments]);
        setNext(page.next);
        setOpen(true);
      })
      .catch(toastError)
      .finally(() => setLoading(false));
  }

  // the task read again (after an action, a pull to refresh): a list already open is read again with it
  const first = useRef(summary);
  useEffect(() => {
    if (first.current === summary) return;
    first.current = summary;
    setListed(null);
    setNext(null);
    if (open) load();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new summary (a fresh getTask) starts this
  }, [summary]);

  const shown = open ? (listed ?? []) : [];
  return (
    <View className="task-others">
      <View className="task-others__summary" aria-label={words.summaryAria(summary.count, summary.lights)}>
        <Text className="task-others__title">{words.summary(summary.count, summary.lights)}</Text>
        {summary.names.length ? (
          <Text className="task-others__names">{words.names(summary.names, summary.count)}</Text>
        ) : null}
      </View>
      {shown.map(renderRow)}
      {open && next ? (
        <View className="task__toggle" role="button" aria-disabled={loading} onClick={() => load(next)}>
          <Text className="link">{loading ? words.loading : words.more(summary.count - shown.length)}</Text>
        </View>
      ) : null}
      <View
        className="task__toggle"
        role="button"
        aria-disabled={loading}
        onClick={() => {
          if (open) setOpen(false);
          else if (listed) setOpen(true);
          else load();
        }}
      >
        <Text className="link">
          {open ? words.hide : loading && !listed ? words.loading : words.showAll(summary.count)}
        </Text>
      </View>
    </View>
  );
}
