import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import type { ApiError } from '../../api';
import { zh } from '../../i18n/zh-CN';
import { SearchBox } from '../SearchBox';
import { EmptyState, ErrorState, LoadingState } from '../StateViews';
import { TabBar } from '../TabBar';
import './index.scss';

/**
 * The task list's page, one for both lists (the contact's assignments, the whole table): the search box, the
 * light filters, whatever the list puts between them and the cards (a plan picker, a banner, a scope chip), then
 * loading, error, empty or the cards with their count and the paging line, and the tab bar. The list itself
 * (src/pages/tasks) keeps what it asks for and how a card looks.
 */
export function TaskList<T, F extends string>({
  id,
  search,
  filters,
  extra,
  state,
  empty,
  count,
  items,
  renderItem,
  badges,
}: {
  id?: string;
  search: {
    value: string;
    placeholder: string;
    onInput(value: string): void;
    /** The search confirmed (the keyboard's 搜索) with the words typed. */
    onSearch(value: string): void;
    /** × tapped: the words and the search they applied are cleared. */
    onClear(): void;
  };
  filters: { value: F; options: F[]; label(f: F): string; onChange(f: F): void };
  /** Between the filters and the cards (a plan filter goes above the filters: `before`). */
  extra?: { before?: ReactNode; after?: ReactNode };
  state: { loading: boolean; loadingMore: boolean; error: ApiError | null; onRetry(): void; hasMore: boolean };
  empty: { title: string; hint: string; action?: string; onAction(): void };
  count: string;
  items: T[];
  renderItem(item: T): ReactNode;
  badges?: Parameters<typeof TabBar>[0]['badges'];
}) {
  return (
    <View id={id} className="page page--with-tabbar tasks">
      <SearchBox
        block="tasks"
        icon
        value={search.value}
        placeholder={search.placeholder}
        label={zh.tasks.search}
        clearLabel={zh.tasks.clearSearch}
        onInput={search.onInput}
        onConfirm={() => search.onSearch(search.value.trim())}
        onClear={search.onClear}
      />
      {extra?.before}

      <View className="tasks__filters" role="tablist">
        {filters.options.map((f) => (
          <View
            key={f}
            className={`tasks__filter${filters.value === f ? ' tasks__filter--active' : ''}`}
            role="tab"
            aria-selected={filters.value === f}
            onClick={() => filters.onChange(f)}
          >
            <Text>{filters.label(f)}</Text>
          </View>
        ))}
      </View>
      {extra?.after}

      {state.loading && items.length === 0 ? (
        <LoadingState />
      ) : state.error && items.length === 0 ? (
        <ErrorState error={state.error} onRetry={state.onRetry} />
      ) : items.length === 0 ? (
        <EmptyState title={empty.title} hint={empty.hint} action={empty.action} onAction={empty.onAction} />
      ) : (
        <View>
          <Text className="tasks__count">{count}</Text>
          {items.map(renderItem)}
          <Text className="tasks__more">
            {state.loadingMore ? zh.common.loadingMore : state.hasMore ? zh.common.more : zh.common.noMore}
          </Text>
        </View>
      )}
      <TabBar current="tasks" badges={badges} />
    </View>
  );
}
