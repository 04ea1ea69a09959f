import { Picker, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import { useEffect, useState } from 'react';
import type { GroupView, UnitView } from '../../../../core/api/contract';
import type { UnitKind } from '../../../../core/model';
import { api } from '../../../api';
import { ActionBar } from '../../../components/ActionBar';
import { Field, TextField } from '../../../components/Field';
import { RequireSession } from '../../../components/RequireSession';
import { SearchBox } from '../../../components/SearchBox';
import { Sheet } from '../../../components/Sheet';
import { EmptyState, ErrorState, LoadingState } from '../../../components/StateViews';
import { zh } from '../../../i18n/zh-CN';
import { toast } from '../../../lib/feedback';
import { useAsync } from '../../../lib/useAsync';
import { useAction } from '../../../lib/useAction';
import { KINDS, UNIT_SEARCH, UnitChooser, byKind, matchesQuery } from './UnitChooser';
import './index.scss';

const ALIASES_SHOWN = 4;

type Sheet =
  | { kind: 'alias'; target: { id: string; name: string; aliases: string[] } }
  | { kind: 'members'; group: GroupView }
  | { kind: 'unit'; unit: UnitView | null }
  | null;

export default function DirectoryPage() {
  return <RequireSession roles={['admin']}>{() => <Directory />}</RequireSession>;
}

function Directory() {
  const dir = useAsync(() => api.listDirectory(), []);
  const [query, setQuery] = useState('');
  const [sheet, setSheet] = useState<Sheet>(null);
  const action = useAction(dir.reload);
  const busy = action.busy;

  function run<T>(call: () => Promise<T>, done: (result: T) => string) {
    return action.run(call, done, () => setSheet(null));
  }

  if (dir.loading && !dir.data) return <LoadingState />;
  if (dir.error && !dir.data) return <ErrorState error={dir.error} onRetry={() => void dir.reload()} />;
  const units = dir.data?.units ?? [];
  const groups = (dir.data?.groups ?? []).filter((g) => matchesQuery(g, query));
  const shownUnits = units.filter((u) => matchesQuery(u, query));
  const kinds = byKind(shownUnits);

  return (
    <View className="page page--with-actionbar directory">
      <SearchBox
        block="directory"
        icon
        {...UNIT_SEARCH}
        value={query}
        onInput={setQuery}
        onClear={() => setQuery('')}
      />

      {groups.length === 0 && shownUnits.length === 0 ? (
        <EmptyState
          title={zh.directory.emptyTitle}
          hint={zh.directory.emptySearch(query.trim())}
          action={zh.directory.clearSearch}
          onAction={() => setQuery('')}
        />
      ) : null}

      {groups.length ? (
        <View>
          <View className="section-title">
            <Text>{zh.directory.groups(groups.length)}</Text>
          </View>
          <View className="card directory__list">
            <Text className="directory__hint">{zh.directory.groupsHint}</Text>
            {groups.map((g) => (
              <View key={g.id} className="directory__entry directory__group">
                <View className="directory__entry-main">
                  <View className="directory__entry-head">
                    <Text className="directory__name">{g.name}</Text>
                    <Text className="directory__count">{zh.directory.memberCount(g.members.length)}</Text>
                  </View>
                  <Aliases name={g.name} aliases={g.aliases} all={query.trim() !== ''} />
                </View>
                <View className="directory__actions">
                  <View
                    className="directory__action"
                    role="button"
                    aria-label={zh.directory.editMembersAria(g.name)}
                    onClick={() => setSheet({ kind: 'members', group: g })}
                  >
                    {zh.directory.editMembers}
                  </View>
                  <View
                    className="directory__action"
                    role="button"
                    aria-label={zh.directory.addAliasAria(g.name)}
                    onClick={() => setSheet({ kind: 'alias', target: g })}
                  >
                    {zh.directory.addAlias}
                  </View>
                </View>
              </View>
            ))}
          </View>
        </View>
      ) : null}

      {kinds.length ? (
        <View className="section-title">
          <Text>{zh.directory.units(shownUnits.length)}</Text>
        </View>
      ) : null}
      {kinds.map((k) => (
        <View key={k.kind} className="card directory__list">
          <Text className="directory__kind">
            {zh.directory.kind[k.kind]} · {k.units.length}
          </Text>
          {k.units.map((u) => (
            <View key={u.id} className="directory__entry directory__unit">
              <View className="directory__entry-main">
                <Text className="directory__name">{u.name}</Text>
                {u.parentId ? (
                  <Text className="directory__parent">
                    {zh.directory.parentOf(units.find((p) => p.id === u.parentId)?.name ?? '')}
                  </Text>
                ) : null}
                <Aliases name={u.name} aliases={u.aliases} all={query.trim() !== ''} />
              </View>
              <View className="directory__actions">
                <View
                  className="directory__action"
                  role="button"
                  aria-label={zh.directory.editUnitAria(u.name)}
                  onClick={() => setSheet({ kind: 'unit', unit: u })}
                >
                  {zh.directory.editUnit}
                </View>
                <View
                  className="directory__action"
                  role="button"
                  aria-label={zh.directory.addAliasAria(u.name)}
                  onClick={() => setSheet({ kind: 'alias', target: u })}
                >
                  {zh.directory.addAlias}
                </View>
              </View>
            </View>
          ))}
        </View>
      ))}

      <ActionBar>
        <Button type="primary" size="large" block onClick={() => setSheet({ kind: 'unit', unit: null })}>
          {zh.directory.addUnit}
        </Button>
      </ActionBar>

      <AliasSheet
        target={sheet?.kind === 'alias' ? sheet.target : null}
        busy={busy}
        onClose={() => setSheet(null)}
        onConfirm={(targetId, alias) =>
          void run(
            () => api.addAlias({ targetId, alias }),
            () => zh.directory.aliasAdded(alias),
          )
        }
      />
      <UnitSheet
        visible={sheet?.kind === 'unit'}
        unit={sheet?.kind === 'unit' ? sheet.unit : null}
        units={units}
        busy={busy}
        onClose={() => setSheet(null)}
        onConfirm={(name, kind, parentId) => {
          const editing = sheet?.kind === 'unit' ? sheet.unit : null;
          if (!editing) {
            void run(
              () => api.saveUnit({ name, kind, parentId }),
              (u: UnitView) => zh.directory.unitAdded(u.name),
            );
            return;
          }
          void run(
            () => api.saveUnit({ id: editing.id, name, kind, parentId }),
            (u: UnitView) => (u.name !== editing.name ? zh.directory.unitRenamed : zh.directory.unitSaved(u.name)),
          );
        }}
      />
      <UnitChooser
        visible={sheet?.kind === 'members'}
        title={sheet?.kind === 'members' ? zh.directory.membersTitle(sheet.group.name) : ''}
        hint={zh.directory.membersHint}
        units={units}
        multiple
        selected={sheet?.kind === 'members' ? sheet.group.members : []}
        busy={busy}
        onClose={() => setSheet(null)}
        onConfirm={(members) => {
          if (sheet?.kind !== 'members') return;
          const groupId = sheet.group.id;
          void run(
            () => api.setGroupMembers({ groupId, members }),
            (g: GroupView) => zh.directory.membersSaved(g.members.length),
          );
        }}
      />
    </View>
  );
}

/**
 * The other spellings as tags; a long list shows its first few and folds the rest behind “+N”, except while
 * searching (the spelling searched for may be among the rest).
 */
function Aliases({ name, aliases, all }: { name: string; aliases: string[]; all: boolean }) {
  const [open, setOpen] = useState(false);
  if (!aliases.length) return null;
  const folded = !open && !all && aliases.length > ALIASES_SHOWN + 1;
  const shown = folded ? aliases.slice(0, ALIASES_SHOWN) : aliases;
  return (
    <View className="directory__aliases" aria-label={zh.directory.aliasesAria(name)}>
      {shown.map((a) => (
        <Text key={a} className="directory__alias">
          {a}
        </Text>
      ))}
      {folded ? (
        <View
          className="directory__alias directory__alias--more"
          role="button"
          aria-label={zh.directory.moreAliasesAria(aliases.length - ALIASES_SHOWN)}
          onClick={() => setOpen(true)}
        >
          {zh.directory.moreAliases(aliases.length - ALIASES_SHOWN)}
        </View>
      ) : null}
    </View>
  );
}

/** A sheet with one line to type another spelling of a unit or collective. */
function AliasSheet({
  target,
  busy,
  onConfirm,
  onClose,
}: {
  target: { id: string; name: string; aliases: string[] } | null;
  busy: boolean;
  onConfirm(targetId: string, alias: string): void;
  onClose(): void;
}) {
  const [alias, setAlias] = useState('');
  useEffect(() => {
    if (target) setAlias('');
  }, [target]);
  function confirm() {
    if (!target) return;
    if (!alias.trim()) return toast(zh.directory.needAlias);
    onConfirm(target.id, alias.trim());
  }
  return (
    <Sheet
      visible={target !== null}
      title={target ? zh.directory.aliasTitle(target.name) : ''}
      block="directory-sheet"
      onClose={onClose}
    >
      <TextField
        label={zh.directory.aliasLabel}
        value={alias}
        maxlength={50}
        placeholder={zh.directory.aliasPlaceholder}
        focus={target !== null}
        onInput={(e) => setAlias(e.detail.value)}
        onConfirm={confirm}
      >
        <Text className="field__hint directory-sheet__hint">{zh.directory.aliasHint}</Text>
        {target?.aliases.length ? (
          <Text className="field__hint directory-sheet__hint">
            {zh.directory.aliasCurrent(target.aliases.join('、'))}
          </Text>
        ) : null}
      </TextField>
      <View className="btn-row directory-sheet__buttons">
        <Button size="large" onClick={onClose}>
          {zh.common.cancel}
        </Button>
        <Button size="large" type="primary" loading={busy} disabled={!alias.trim()} onClick={confirm}>
          {zh.common.save}
        </Button>
      </View>
    </Sheet>
  );
}

/**
 * A sheet to add a unit (`unit` null) or change one: its full name, its kind and the unit it belongs to (a district's
 * 区直部门 and 街道 under the district government). A new name keeps the old one as an alias (the server does that),
 * which the sheet says while the name differs. The server refuses a parent outside a district administrator's
 * subtree, or under the unit itself.
 */
function UnitSheet({
  visible,
  unit,
  units,
  busy,
  onConfirm,
  onClose,
}: {
  visible: boolean;
  unit: UnitView | null;
  units: UnitView[];
  busy: boolean;
  onConfirm(name: string, kind: UnitKind, parentId: string | null): void;
  onClose(): void;
}) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<UnitKind>('city');
  const [parentId, setParentId] = useState<string | null>(null);
  useEffect(() => {
    if (!visible) return;
    setName(unit?.name ?? '');
    setKind(KINDS.find((k) => k === unit?.kind) ?? (unit ? 'other' : 'city'));
    setParentId(unit?.parentId ?? null);
  }, [visible, unit]);
  const renaming = unit !== null && name.trim() !== '' && name.trim() !== unit.name;
  // the units it may belong to: any other unit at the top or one level down (not itself)
  const parents = units
    .filter((u) => u.id !== unit?.id && u.parentId !== unit?.id)
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  const parentName = parents.find((p) => p.id === parentId)?.name ?? zh.directory.parentNone;
  function confirm() {
    if (!name.trim()) return toast(zh.directory.needName);
    onConfirm(name.trim(), kind, parentId);
  }
  const title = unit ? zh.directory.editTitle(unit.name) : zh.directory.addUnit;
  return (
    <Sheet visible={visible} title={title} block="directory-sheet" onClose={onClose}>
      <TextField
        label={zh.directory.unitName}
        value={name}
        maxlength={50}
        placeholder={zh.directory.unitNamePlaceholder}
        focus={visible}
        onInput={(e) => setName(e.detail.value)}
      >
        {renaming ? (
          <Text className="field__hint directory-sheet__hint">{zh.directory.renameHint(unit.name)}</Text>
        ) : null}
      </TextField>
      <Field label={zh.directory.unitKind}>
        <View className="directory-sheet__chips" role="radiogroup" aria-label={zh.directory.unitKind}>
          {KINDS.map((k) => (
            <View
              key={k}
              className={`directory-sheet__chip${kind === k ? ' directory-sheet__chip--active' : ''}`}
              role="radio"
              aria-checked={kind === k}
              onClick={() => setKind(k)}
            >
              {zh.directory.kind[k]}
            </View>
          ))}
        </View>
      </Field>
      <Field label={zh.directory.parent}>
        <Picker
          mode="selector"
          range={[zh.directory.parentNone, ...parents.map((p) => p.name)]}
          value={parentId ? parents.findIndex((p) => p.id === parentId) + 1 : 0}
          onChange={(e) => {
            const i = Number(e.detail.value);
            setParentId(i > 0 ? parents[i - 1].id : null);
          }}
        >
          <View className="input" role="button" aria-label={zh.directory.parentAria(parentName)}>
            <Text>{parentName}</Text>
          </View>
        </Picker>
      </Field>
      <View className="btn-row directory-sheet__buttons">
        <Button size="large" onClick={onClose}>
          {zh.common.cancel}
        </Button>
        <Button size="large" type="primary" loading={busy} disabled={!name.trim()} onClick={confirm}>
          {unit ? zh.common.save : zh.directory.addUnit}
        </Button>
      </View>
    </Sheet>
  );
}
