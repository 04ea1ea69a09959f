import { ScrollView, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import { useEffect, useMemo, useState } from 'react';
import type { UnitView } from '../../../../core/api/contract';
import type { UnitKind } from '../../../../core/model';
import { SearchBox } from '../../../components/SearchBox';
import { Sheet } from '../../../components/Sheet';
import { zh } from '../../../i18n/zh-CN';
import './UnitChooser.scss';

export const KINDS: UnitKind[] = ['city', 'district', 'park', 'other'];

/** Whether a unit's name or one of its aliases contains what was typed. */
export function matchesQuery(entry: { name: string; aliases: string[] }, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [entry.name, ...entry.aliases].some((n) => n.toLowerCase().includes(q));
}

/** The words of a search among the directory's units (SearchBox). */
export const UNIT_SEARCH = {
  placeholder: zh.directory.searchPlaceholder,
  label: zh.directory.search,
  clearLabel: zh.directory.clearSearch,
};

/** Units by kind (市直单位, 区县（市）, 园区, 其他), each kind in name order; empty kinds left out. */
export function byKind(units: UnitView[]): { kind: UnitKind; units: UnitView[] }[] {
  return KINDS.map((kind) => ({
    kind,
    units: units.filter((u) => u.kind === kind).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
  })).filter((g) => g.units.length > 0);
}

/**
 * A sheet from the bottom listing the directory's units by kind, with a search: several checked (the members of a
 * collective), or one picked (the unit an unknown name in an imported table stands for).
 */
export function UnitChooser({
  visible,
  title,
  hint,
  units,
  multiple,
  selected,
  noneLabel,
  busy,
  onConfirm,
  onClose,
}: {
  visible: boolean;
  title: string;
  hint?: string;
  units: UnitView[];
  multiple: boolean;
  selected: string[];
  /** Single choice only: a first row meaning "none of these" (新建为单位). */
  noneLabel?: string;
  busy?: boolean;
  onConfirm(ids: string[]): void;
  onClose(): void;
}) {
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<Set<string>>(new Set(selected));
  useEffect(() => {
    if (!visible) return;
    setQuery('');
    setPicked(new Set(selected));
    // The sheet starts from what is saved each time it opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [visible]);

  const kinds = useMemo(() => byKind(units.filter((u) => matchesQuery(u, query))), [units, query]);

  function toggle(id: string) {
    if (!multiple) {
      onConfirm([id]);
      return;
    }
    setPicked((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  function setAll(ids: string[], on: boolean) {
    setPicked((prev) => {
      const next = new Set(prev);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }

  return (
    <Sheet visible={visible} title={title} block="unit-chooser" onClose={onClose}>
      {hint ? <Text className="unit-chooser__hint">{hint}</Text> : null}
      <SearchBox block="unit-chooser" {...UNIT_SEARCH} value={query} onInput={setQuery} onClear={() => setQuery('')} />
      <ScrollView className="unit-chooser__list" scrollY>
        {!multiple && noneLabel ? (
          <View
            className={`unit-chooser__row${selected.length === 0 ? ' unit-chooser__row--on' : ''}`}
            role="radio"
            aria-checked={selected.length === 0}
            onClick={() => onConfirm([])}
          >
            <View className="unit-chooser__radio" />
            <Text className="unit-chooser__name">{noneLabel}</Text>
          </View>
        ) : null}
        {kinds.length === 0 ? <Text className="unit-chooser__empty">{zh.directory.noMatch}</Text> : null}
        {kinds.map((g) => {
          const ids = g.units.map((u) => u.id);
          const on = ids.filter((id) => picked.has(id)).length;
          const kindWord = zh.directory.kind[g.kind];
          return (
            <View key={g.kind} className="unit-chooser__kind">
              <View className="unit-chooser__kind-head">
                <Text className="unit-chooser__kind-name">{kindWord}</Text>
                {multiple ? (
                  <View className="unit-chooser__kind-side">
                    <Text className="unit-chooser__kind-count">{zh.directory.kindCount(on, ids.length)}</Text>
                    <View
                      className="unit-chooser__kind-all"
                      role="button"
                      aria-label={
                        on === ids.length ? zh.directory.selectNoneAria(kindWord) : zh.directory.selectAllAria(kindWord)
                      }
                      onClick={() => setAll(ids, on !== ids.length)}
                    >
                      {on === ids.length ? zh.directory.selectNone : zh.directory.selectAll}
                    </View>
                  </View>
                ) : null}
              </View>
              {g.units.map((u) => {
                const checked = multiple ? picked.has(u.id) : selected.includes(u.id);
                return (
                  <View
                    key={u.id}
                    className={`unit-chooser__row${checked ? ' unit-chooser__row--on' : ''}`}
                    role={multiple ? 'checkbox' : 'radio'}
                    aria-checked={checked}
                    aria-label={multiple ? zh.directory.memberAria(u.name) : zh.directory.pickAria(u.name)}
                    onClick={() => toggle(u.id)}
                  >
                    <View className={multiple ? 'unit-chooser__check' : 'unit-chooser__radio'} />
                    <View className="unit-chooser__row-text">
                      <Text className="unit-chooser__name">{u.name}</Text>
                      {u.aliases.length ? <Text className="unit-chooser__aliases">{u.aliases.join('、')}</Text> : null}
                    </View>
                  </View>
                );
              })}
            </View>
          );
        })}
      </ScrollView>
      {multiple ? (
        <View className="btn-row unit-chooser__buttons">
          <Button size="large" onClick={onClose}>
            {zh.common.cancel}
          </Button>
          <Button size="large" type="primary" loading={busy} onClick={() => onConfirm([...picked])}>
            {zh.directory.saveMembers(picked.size)}
          </Button>
        </View>
      ) : null}
    </Sheet>
  );
}
