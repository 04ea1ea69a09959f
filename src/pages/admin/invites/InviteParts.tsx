/**
 * Pieces the invite pages share (邀请码, and 人员 when a person is replaced): the unit field with its unit
 * picker, and the card of a fresh code to copy and hand over.
 */
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import { useEffect, useState } from 'react';
import type { InviteView, UnitView } from '../../../../core/api/contract';
import { api } from '../../../api';
import { Field } from '../../../components/Field';
import { zh } from '../../../i18n/zh-CN';
import { chineseDateTime } from '../../../lib/dates';
import { toast, toastError } from '../../../lib/feedback';
import { UnitChooser } from '../directory/UnitChooser';
import './InviteParts.scss';

/** The directory's units in name order, for the unit picker. */
export function useDirectoryUnits(): UnitView[] {
  const [units, setUnits] = useState<UnitView[]>([]);
  useEffect(() => {
    api
      .listDirectory()
      .then((d) => setUnits([...d.units].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))))
      .catch(toastError);
  }, []);
  return units;
}

/**
 * The chosen unit's name (or the prompt), as a field that opens the unit picker (UnitChooser, one unit), and the
 * picker itself: picking a unit closes it and hands the unit's id to `onPick`.
 */
export function UnitField({
  label,
  prompt,
  units,
  unitId,
  onPick,
}: {
  label: string;
  prompt: string;
  units: UnitView[];
  unitId: string | null;
  onPick: (unitId: string | null) => void;
}) {
  const [choosing, setChoosing] = useState(false);
  const name = units.find((u) => u.id === unitId)?.name ?? null;
  return (
    <>
      <Field label={label}>
        <View
          className={`input invites__select${name ? '' : ' invites__select--empty'}`}
          role="button"
          aria-label={`${label}： ${name ?? prompt}`}
          onClick={() => setChoosing(true)}
        >
          <Text className="invites__select-text">{name ?? prompt}</Text>
          <Text className="invites__chevron" />
        </View>
      </Field>
      <UnitChooser
        visible={choosing}
        title={prompt}
        units={units}
        multiple={false}
        selected={unitId ? [unitId] : []}
        onClose={() => setChoosing(false)}
        onConfirm={([id]) => {
          onPick(id ?? null);
          setChoosing(false);
        }}
      />
    </>
  );
}

/** Copies a code with the words to send along (unit, role, how to bind). */
export function copyInvite(i: InviteView): void {
  void Taro.setClipboardData({ data: zh.invites.copyText(i.code, i.unitName, zh.userRole[i.role]) }).then(() =>
    toast(zh.common.copied),
  );
}

/** A code just made: large and selectable, its unit, role and end, and 复制. */
export function FreshInvite({ invite, title }: { invite: InviteView; title: string }) {
  return (
    <View className="card invites__fresh" role="status">
      <Text className="invites__fresh-label">{title}</Text>
      <Text className="invites__fresh-code" userSelect>
        {invite.code}
      </Text>
      <Text className="invites__fresh-meta">
        {invite.unitName} · {zh.userRole[invite.role]} · {zh.invites.expiresAt(chineseDateTime(invite.expiresAt))}
      </Text>
      <Button size="small" type="primary" fill="outline" onClick={() => copyInvite(invite)}>
        {zh.common.copy}
      </Button>
    </View>
  );
}
