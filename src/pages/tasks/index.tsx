import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AssignmentCard, MeView } from '../../../core/api/contract';
import type { Light } from '../../../core/model';
import { api, ApiError, UNBOUND_CODES } from '../../api';
import { RequireSession } from '../../components/RequireSession';
import { TaskCard } from '../../components/TaskCard';
import { TaskList } from '../../components/TaskList';
import { zh } from '../../i18n/zh-CN';
import { PlanFilter } from '../../components/PlanFilter';
import { toApiError } from '../../lib/useAsync';
import { useAction } from '../../lib/useAction';
import { newRequestId } from '../../lib/requestId';
import { shortDate } from '../../lib/dates';
import { askToSubscribe } from '../../lib/subscribe';
import { useSession } from '../../session';
import { FIRST_TASKS_PAGE, takeFirstTasksPage } from '../../session/prefetch';
import { afterListDrawn } from '../../lib/earlyView';
import { AllTasks } from './AllTasks';

type Filter = 'all' | 'due' | 'overdue' | 'done';
const FILTERS: Filter[] = ['all', 'due', 'overdue', 'done'];
const FILTER_LIGHT: Record<Filter, Light | undefined> = { all: undefined, due: 'yellow', overdue: 'red', done: 'done' };
const PAGE_SIZE = FIRST_TASKS_PAGE.pageSize;
/** The page's element, for the snapshot index.html shows on the next visit (src/lib/earlyView.ts). */
const PAGE_ID = 'tasks-page';

export default function TasksPage() {
  // supervisors, viewers and admins see the whole table; contacts their unit's assignments
  return <RequireSession>{(me) => (me.user.role === 'contact' ? <Tasks me={me} /> : <AllTasks />)}</RequireSession>;
}

function Tasks({ me }: { me: MeView }) {
  const { signOut } = useSession();
  const [filter, setFilter] = useState<Filter>('all');
  const [query, setQuery] = useState('');
  const [applied, setApplied] = useState('');
  const [planId, setPlanId] = useState<string | null>(null);
  const [items, setItems] = useState<AssignmentCard[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [reviewCount, setReviewCount] = useState(0);
  const generation = useRef(0);
  const lastLoad = useRef(0);

  const canReview = me.user.role === 'supervisor' || (me.user.role === 'contact' && me.leadsTasks);
  const ownUnitOnly = me.user.role === 'contact';

  const load = useCallback(
    async (nextPage: number) => {
      const gen = ++generation.current;
      lastLoad.current = Date.now();
      if (nextPage === 1) setLoading(true);
      else setLoadingMore(true);
      try {
        const light = FILTER_LIGHT[filter];
        // the first page with no filter may have been asked for at start, beside `me`
        const prefetched = nextPage === 1 && !light && !applied && !planId ? takeFirstTasksPage() : null;
        const res = await (prefetched ??
          api.listMyTasks({
            page: nextPage,
            pageSize: PAGE_SIZE,
            ...(light ? { light } : {}),
            ...(applied ? { q: applied } : {}),
            ...(planId ? { planId } : {}),
          }));
        if (gen !== generation.current) return;
        setItems((prev) => (nextPage === 1 ? res.items : [...prev, ...res.items]));
        setTotal(res.total);
        setPage(nextPage);
        setError(null);
      } catch (e) {
        if (gen !== generation.current) return;
        const err = toApiError(e);
        if (UNBOUND_CODES.has(err.code)) signOut();
        setError(err);
      } finally {
        if (gen === generation.current) {
          setLoading(false);
          setLoadingMore(false);
        }
      }
    },
    [filter, applied, planId, signOut],
  );

  const loadReviewCount = useCallback(async () => {
    if (!canReview) return;
    try {
      const q = await api.reviewQueue();
      setReviewCount(q.reports.length + (me.user.role === 'supervisor' ? q.extensions.length : 0));
    } catch {
      setReviewCount(0);
    }
  }, [canReview, me.user.role]);

  useEffect(() => {
    void load(1);
  }, [load]);

  useEffect(() => {
    void loadReviewCount();
  }, [loadReviewCount]);

  function openTask(taskId: string) {
    void Taro.navigateTo({ url: `/pages/task/index?id=${encodeURIComponent(taskId)}` });
  }
  const open = (card: AssignmentCard) => openTask(card.taskId);

  // h5: the list drawn takes the place of the snapshot index.html showed (opening a task tapped on it), and the
  // unfiltered first page is kept for the next visit
  const unfiltered = filter === 'all' && !applied && !query && !planId;
  useEffect(() => {
    if (loading) return undefined;
    return afterListDrawn(PAGE_ID, unfiltered && !error, openTask);
    // once per load: not again when a later page or a search's typing changes the other values
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loading]);

  // Coming back from a task (a report, a claim) shows the list as it is now; not twice right after the first load,
  // and not before it: a show that comes before the mount effect has run (lastLoad 0) is the first load itself.
  useDidShow(() => {
    if (lastLoad.current !== 0 && Date.now() - lastLoad.current > 1000) {
      void load(1);
      void loadReviewCount();
    }
  });

  usePullDownRefresh(() => {
    void Promise.all([load(1), loadReviewCount()]).finally(() => void Taro.stopPullDownRefresh());
  });

  useReachBottom(() => {
    if (!loading && !loadingMore && items.length < total) void load(page + 1);
  });

  const noChange = useAction(() => load(1));
  /** 本期无新进展: one tap files the report (the server writes its words) and the card stops asking. */
  function reportNoChange(card: AssignmentCard) {
    if (noChange.busy) return;
    // Inside the tap: the popup asks for the next period's reminder and a leader's 批示.
    void askToSubscribe(me, 'noChange').catch(() => null);
    void noChange.run(
      () =>
        api.submitReport({
          assignmentId: card.assignmentId,
          requestId: newRequestId(),
          text: zh.cycle.noChange,
          kind: 'noChange',
        }),
      zh.cycle.noChangeDone,
    );
  }

  function emptyHint(): string {
    if (applied) return zh.tasks.emptySearch(applied);
    if (filter !== 'all') return zh.tasks.emptyFiltered;
    return zh.tasks.emptyAll;
  }

  return (
    <TaskList<AssignmentCard, Filter>
      id={PAGE_ID}
      search={{
        value: query,
        placeholder: zh.tasks.searchPlaceholder,
        onInput: setQuery,
        onSearch: setApplied,
        onClear: () => {
          setQuery('');
          setApplied('');
        },
      }}
      filters={{ value: filter, options: FILTERS, label: (f) => zh.tasks.filters[f], onChange: setFilter }}
      extra={{
        before: <PlanFilter value={planId} onChange={setPlanId} />,
        after:
          canReview && reviewCount > 0 ? (
            <View
              className="tasks__banner"
              role="button"
              onClick={() => void Taro.redirectTo({ url: '/pages/review/index' })}
            >
              <Text className="tasks__banner-text">{zh.tasks.reviewBanner(reviewCount)}</Text>
              <Text className="tasks__banner-go">{zh.tasks.reviewBannerGo}</Text>
              <Text className="tasks__banner-chevron" />
            </View>
          ) : null,
      }}
      state={{ loading, loadingMore, error, onRetry: () => void load(1), hasMore: items.length < total }}
      empty={{
        title: applied
          ? zh.tasks.emptySearchTitle
          : filter !== 'all'
            ? zh.tasks.emptyFilteredTitle
            : zh.tasks.emptyTitle,
        hint: emptyHint(),
        action: applied ? zh.tasks.clearSearch : undefined,
        onAction: () => {
          setQuery('');
          setApplied('');
        },
      }}
      count={zh.tasks.count(total)}
      items={items}
      renderItem={(card) =>
        card.reportDue ? (
          <View key={card.assignmentId} className="tasks__due-item">
            <TaskCard card={card} showUnit={!ownUnitOnly} onOpen={open} />
            <View className="tasks__due">
              <Text className="tasks__due-text">{zh.cycle.reportDue(shortDate(card.reportDue.due))}</Text>
              <View
                className={`tasks__due-button${noChange.busy ? ' tasks__due-button--busy' : ''}`}
                role="button"
                aria-label={zh.cycle.noChangeAria(card.content)}
                aria-disabled={noChange.busy}
                onClick={() => reportNoChange(card)}
              >
                <Text>{zh.cycle.noChange}</Text>
              </View>
            </View>
          </View>
        ) : (
          <TaskCard key={card.assignmentId} card={card} showUnit={!ownUnitOnly} onOpen={open} />
        )
      }
      badges={{ review: reviewCount }}
    />
  );
}
