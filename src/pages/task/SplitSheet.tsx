import { Input, Picker, ScrollView, Text, Textarea, View } from '@tarojs/components';
import { Button, Popup } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css';
import { useEffect, useState } from 'react';
import type { GroupView, LevelName } from '../../../core/api/contract';
import { api } from '../../api';
import { zh } from '../../i18n/zh-CN';
import { addDays, chineseDate, todayBeijing } from '../../lib/dates';
import { toast } from '../../lib/feedback';
import './NarrowSheet.scss';
import './SplitSheet.scss';

export interface SplitChoice {
  unitIds: string[];
  /** The internal due date, or undefined for the unit's own. */
  due?: string;
  note?: string;
}

/**
 * 分解下达: a sheet listing the units below the caller's unit (TaskDetail.splitCandidates, the server's rule), with
 * a search (by name, another spelling, or the short names of the caller's district from listDirectory: 区发改局; a
 * collective of the district such as 各街道 or 区直各单位 lists its members, with 全选), one internal due date for the units chosen (no later than the unit's own: the picker ends there) and
 * an optional note. The server checks everything again (splitAssignment).
 */
export function SplitSheet({
  visible,
  candidates,
  ownDue,
  busy,
  onConfirm,
  onClose,
}: {
  visible: boolean;
  candidates: { id: string; name: string; aliases: string[] }[];
  /** The caller's own due date: the latest internal date. */
  ownDue: string | null;
  busy: boolean;
  onConfirm(choice: SplitChoice): void;
  onClose(): void;
}) {
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [query, setQuery] = useState('');
  const [due, setDue] = useState('');
  const [note, setNote] = useState('');
  const [names, setNames] = useState<{ levelNames: LevelName[]; groups: GroupView[] } | null>(null);
  useEffect(() => {
    if (!visible) return;
    setChosen(new Set());
    setQuery('');
    setDue('');
    setNote('');
    // the district's own short names and collectives (the server's rule, core/org/directory.ts levelSpellings)
    if (!names) {
      api
        .listDirectory()
        .then((d) => setNames({ levelNames: d.levelNames, groups: d.groups }))
        .catch(() => setNames({ levelNames: [], groups: [] }));
    }
  }, [visible]); // eslint-disable-line react-hooks/exhaustive-deps

  const q = query.trim();
  const short = new Map<string, string[]>();
  for (const n of names?.levelNames ?? []) short.set(`${n.kind}:${n.id}`, n.spellings);
  // a collective of the district named by the search (各街道, 区直各单位): its members among the candidates
  const group = q
    ? (names?.groups ?? []).find((g) => (short.get(`group:${g.id}`) ?? []).some((n) => n === q || n === `各${q}`))
    : undefined;
  const members = new Set(group?.members ?? []);
  // by name, by another spelling (芙蓉区发改局 finds 芙蓉区发展和改革局) or by a short name of the district (区发改局)
  const spellings = (c: (typeof candidates)[number]) => [c.name, ...c.aliases, ...(short.get(`unit:${c.id}`) ?? [])];
  const shown = q ? candidates.filter((c) => members.has(c.id) || spellings(c).some((n) => n.includes(q))) : candidates;
  const groupShown = group ? shown.filter((c) => members.has(c.id)) : [];
  const today = todayBeijing();
  // internal dates come before the unit's own: the picker opens a week earlier (not before today)
  const weekEarlier = ownDue ? addDays(ownDue, -7) : today;
  const suggested = weekEarlier > today || (ownDue !== null && ownDue < today) ? weekEarlier : today;

  function toggle(id: string) {
    setChosen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  function confirm() {
    if (chosen.size === 0) return toast(zh.split.needUnit);
    onConfirm({ unitIds: [...chosen], due: due || undefined, note: note.trim() || undefined });
  }

  const dueText = due ? chineseDate(due) : ownDue ? zh.split.dueDefault(chineseDate(ownDue)) : zh.split.noDue;
  return (
    <Popup visible={visible} position="bottom" round onClose={onClose} closeAriaLabel={zh.common.close}>
      <View className="narrow-sheet split-sheet" aria-label={zh.split.sheetTitle}>
        <Text className="narrow-sheet__title">{zh.split.sheetTitle}</Text>
        <Text className="narrow-sheet__hint">{zh.split.sheetHint}</Text>
        <Input
          className="input split-sheet__search"
          value={query}
          placeholder={zh.split.search}
          aria-label={zh.split.searchAria}
          onInput={(e) => setQuery(e.detail.value)}
        />
        <View className="narrow-sheet__bar">
          <Text className="narrow-sheet__count">{zh.split.chosen(chosen.size)}</Text>
          {group && groupShown.length > 0 ? (
            <View
              className="narrow-sheet__all"
              role="button"
              aria-label={zh.split.chooseAllAria(group.name, groupShown.length)}
              onClick={() => setChosen((prev) => new Set([...prev, ...groupShown.map((c) => c.id)]))}
            >
              {zh.split.chooseAll(groupShown.length)}
            </View>
          ) : null}
        </View>
        <ScrollView className="narrow-sheet__list split-sheet__list" scrollY>
          {shown.length === 0 ? <Text className="split-sheet__none">{zh.split.none}</Text> : null}
          {shown.map((c) => {
            const on = chosen.has(c.id);
            return (
              <View
                key={c.id}
                className={`narrow-sheet__row split-sheet__row${on ? ' narrow-sheet__row--on' : ''}`}
                role="checkbox"
                aria-checked={on}
                aria-label={zh.split.unitAria(c.name)}
                onClick={() => toggle(c.id)}
              >
                <View className="narrow-sheet__check" />
                <View className="narrow-sheet__row-text">
                  <Text className="split-sheet__name">{c.name}</Text>
                </View>
              </View>
            );
          })}
        </ScrollView>
        <View className="split-sheet__fields">
          <Text className="field__label">{zh.split.due}</Text>
          <Picker
            mode="date"
            value={due || suggested}
            start={ownDue && ownDue < today ? undefined : today}
            end={ownDue ?? undefined}
            onChange={(e) => setDue(String(e.detail.value))}
          >
            <View
              className={`input split-sheet__date${due ? ' split-sheet__date--set' : ''}`}
              role="button"
              aria-label={zh.split.dueAria(dueText)}
            >
              <Text>{dueText}</Text>
            </View>
          </Picker>
          <Textarea
            className="textarea split-sheet__note"
            value={note}
            maxlength={200}
            placeholder={zh.split.notePlaceholder}
            aria-label={zh.split.note}
            onInput={(e) => setNote(e.detail.value)}
          />
        </View>
        <View className="btn-row narrow-sheet__buttons">
          <Button size="large" onClick={onClose}>
            {zh.common.cancel}
          </Button>
          <Button size="large" type="primary" loading={busy} disabled={chosen.size === 0} onClick={confirm}>
            {zh.split.confirm(chosen.size)}
          </Button>
        </View>
      </View>
    </Popup>
  );
}
