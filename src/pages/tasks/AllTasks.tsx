/**
 * The whole table (listTasks) for supervisors, viewers and admins: every task once, searched across content and
 * stage, filtered by light and, when opened from the dashboard or a unit page, by unit, lead unit or stage
 * (`/pages/tasks/index?light=red&unitId=…&unitName=…`), 20 at a time.
 */
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ActionInput, TaskRow } from '../../../core/api/contract';
import type { Light } from '../../../core/model';
import { api, type ApiError } from '../../api';
import { TaskList } from '../../components/TaskList';
import { TaskRowCard } from '../../components/TaskRowCard';
import { zh } from '../../i18n/zh-CN';
import { toApiError } from '../../lib/useAsync';

type LightFilter = 'all' | Light;
const LIGHT_FILTERS: LightFilter[] = ['all', 'red', 'yellow', 'green', 'done'];

interface Scope {
  unitId?: string;
  leadUnitId?: string;
  stage?: string;
  /** The unit's name for the chip (the list filters by id). */
  name?: string;
}

const param = (v: string | undefined) => (v ? decodeURIComponent(v) : undefined);

export function AllTasks() {
  const router = useRouter();
  const p = router.params;
  const initialLight = (LIGHT_FILTERS as string[]).includes(p.light ?? '') ? (p.light as LightFilter) : 'all';
  const [light, setLight] = useState<LightFilter>(initialLight);
  const [scope, setScope] = useState<Scope>({
    unitId: param(p.unitId),
    leadUnitId: param(p.leadUnitId),
    stage: param(p.stage),
    name: param(p.unitName),
  });
  const [query, setQuery] = useState(param(p.q) ?? '');
  const [applied, setApplied] = useState(param(p.q) ?? '');
  const [items, setItems] = useState<TaskRow[]>([]);
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const generation = useRef(0);
  const lastLoad = useRef(0);

  const load = useCallback(
    async (from: string | null) => {
      const gen = ++generation.current;
      lastLoad.current = Date.now();
      if (from === null) setLoading(true);
      else setLoadingMore(true);
      try {
        const input: ActionInput<'listTasks'> = {
          ...(applied ? { q: applied } : {}),
          ...(light !== 'all' ? { light } : {}),
          ...(scope.unitId ? { unitId: scope.unitId } : {}),
          ...(scope.leadUnitId ? { leadUnitId: scope.leadUnitId } : {}),
          ...(scope.stage ? { stage: scope.stage } : {}),
          ...(from ? { cursor: from } : {}),
        };
        const res = await api.listTasks(input);
        if (gen !== generation.current) return;
        setItems((prev) => (from === null ? res.items : [...prev, ...res.items]));
        setTotal(res.total);
        setCursor(res.nextCursor);
        setError(null);
      } catch (e) {
        if (gen === generation.current) setError(toApiError(e));
      } finally {
        if (gen === generation.current) {
          setLoading(false);
          setLoadingMore(false);
        }
      }
    },
    [applied, light, scope],
  );

  useEffect(() => {
    void load(null);
  }, [load]);
  useDidShow(() => {
    if (lastLoad.current !== 0 && Date.now() - lastLoad.current > 1000) void load(null);
  });
  usePullDownRefresh(() => {
    void load(null).finally(() => void Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    if (!loading && !loadingMore && cursor) void load(cursor);
  });

  const chip = scope.unitId
    ? zh.desk.filterUnit(scope.name ?? '')
    : scope.leadUnitId
      ? zh.desk.filterLead(scope.name ?? '')
      : scope.stage
        ? zh.desk.filterStage(scope.stage)
        : null;

  return (
    <TaskList<TaskRow, LightFilter>
      search={{
        value: query,
        placeholder: zh.desk.searchPlaceholder,
        onInput: setQuery,
        onSearch: setApplied,
        onClear: () => {
          setQuery('');
          setApplied('');
        },
      }}
      filters={{ value: light, options: LIGHT_FILTERS, label: (f) => zh.desk.lights[f], onChange: setLight }}
      extra={{
        after: chip ? (
          <View className="tasks__scope">
            <Text className="tasks__scope-text">{chip}</Text>
            <View
              className="tasks__scope-clear"
              role="button"
              aria-label={zh.desk.clearFilter}
              onClick={() => setScope({})}
            >
              ×
            </View>
          </View>
        ) : null,
      }}
      state={{ loading, loadingMore, error, onRetry: () => void load(null), hasMore: cursor !== null }}
      empty={{
        title: applied ? zh.tasks.emptySearchTitle : zh.desk.emptyTitle,
        hint: applied ? zh.tasks.emptySearch(applied) : zh.desk.emptyHint,
        action: applied ? zh.tasks.clearSearch : undefined,
        onAction: () => {
          setQuery('');
          setApplied('');
        },
      }}
      count={zh.desk.count(total)}
      items={items}
      renderItem={(row) => (
        <TaskRowCard
          key={row.taskId}
          row={row}
          onOpen={(r) => void Taro.navigateTo({ url: `/pages/task/index?id=${encodeURIComponent(r.taskId)}` })}
        />
      )}
    />
  );
}
