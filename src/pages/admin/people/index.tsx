/**
 * People who leave (联络员 change often): an administrator picks a unit, sees who is bound to it (name, role, when
 * bound) and removes one who left, or replaces one (removed, and a fresh invite code for the same unit and role to
 * hand to the successor, in one step). The server ends the removed person's session at once; their history stays
 * attributed to them. A district's administrator reaches its own subtree only (the server says so otherwise).
 */
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import { useEffect, useState } from 'react';
import type { InviteView, UnitUserView, UnitView } from '../../../../core/api/contract';
import { api } from '../../../api';
import { RequireSession } from '../../../components/RequireSession';
import { EmptyState, ErrorState, LoadingState } from '../../../components/StateViews';
import { zh } from '../../../i18n/zh-CN';
import { chineseDateTime } from '../../../lib/dates';
import { confirmDialog, toast, toastError } from '../../../lib/feedback';
import { useAction } from '../../../lib/useAction';
import { useAsync } from '../../../lib/useAsync';
import { UnitChooser } from '../directory/UnitChooser';
import './index.scss';

export default function PeoplePage() {
  return <RequireSession roles={['admin']}>{() => <People />}</RequireSession>;
}

function People() {
  const [units, setUnits] = useState<UnitView[]>([]);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [choosing, setChoosing] = useState(false);
  const [fresh, setFresh] = useState<InviteView | null>(null);
  const people = useAsync(() => (unitId ? api.listUnitUsers({ unitId }) : Promise.resolve(null)), [unitId]);
  const removal = useAction(people.reload);
  const unit = units.find((u) => u.id === unitId) ?? null;

  useEffect(() => {
    api
      .listDirectory()
      .then((d) => setUnits([...d.units].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))))
      .catch(toastError);
  }, []);

  const nameOf = (p: UnitUserView) => p.name ?? zh.offboard.noName;

  async function remove(p: UnitUserView, replace: boolean) {
    const unitName = unit?.name ?? '';
    const role = zh.userRole[p.role];
    const ask = replace ? zh.offboard.replaceConfirm : zh.offboard.removeConfirm;
    if (!(await confirmDialog(ask(nameOf(p), unitName, role), replace ? zh.offboard.replace : zh.offboard.remove)))
      return;
    setFresh(null);
    await removal.run(
      () => api.removeUser({ userId: p.id, replace }),
      (res) => (res.invite ? zh.offboard.replaced : zh.offboard.removed(nameOf(p))),
      (res) => setFresh(res.invite),
    );
  }

  function copy(i: InviteView) {
    void Taro.setClipboardData({ data: zh.invites.copyText(i.code, i.unitName, zh.userRole[i.role]) }).then(() =>
      toast(zh.common.copied),
    );
  }

  return (
    <View className="page people">
      <View className="card">
        <Text className="people__intro">{zh.offboard.intro}</Text>
        <View className="field">
          <Text className="field__label">{zh.offboard.unit}</Text>
          <View
            className={`input people__unit${unit ? '' : ' people__unit--empty'}`}
            role="button"
            aria-label={`${zh.offboard.unit}： ${unit?.name ?? zh.offboard.pickUnit}`}
            onClick={() => setChoosing(true)}
          >
            <Text className="people__unit-text">{unit?.name ?? zh.offboard.pickUnit}</Text>
            <Text className="people__chevron" />
          </View>
        </View>
      </View>

      {fresh ? (
        <View className="card people__fresh" role="status">
          <Text className="people__fresh-label">{zh.offboard.freshTitle}</Text>
          <Text className="people__fresh-code" userSelect>
            {fresh.code}
          </Text>
          <Text className="people__fresh-note">
            {zh.offboard.freshNote(fresh.unitName, zh.userRole[fresh.role], chineseDateTime(fresh.expiresAt))}
          </Text>
          <Button size="small" type="primary" fill="outline" onClick={() => copy(fresh)}>
            {zh.common.copy}
          </Button>
        </View>
      ) : null}

      {!unitId ? null : people.loading && !people.data ? (
        <LoadingState />
      ) : people.error && !people.data ? (
        <ErrorState error={people.error} onRetry={() => void people.reload()} />
      ) : !people.data || people.data.length === 0 ? (
        <EmptyState title={zh.offboard.empty} />
      ) : (
        <View className="card people__list">
          {people.data.map((p) => (
            <View key={p.id} className="people__item">
              <View className="people__who">
                <Text className="people__name">{nameOf(p)}</Text>
                <Text className="people__meta">
                  {zh.userRole[p.role]} · {zh.offboard.boundAt(chineseDateTime(p.createdAt))}
                </Text>
              </View>
              <View className="people__actions">
                <View
                  className="people__action"
                  role="button"
                  aria-label={zh.offboard.replaceAria(nameOf(p))}
                  onClick={() => void remove(p, true)}
                >
                  {zh.offboard.replace}
                </View>
                <View
                  className="people__action people__action--danger"
                  role="button"
                  aria-label={zh.offboard.removeAria(nameOf(p))}
                  onClick={() => void remove(p, false)}
                >
                  {zh.offboard.remove}
                </View>
              </View>
            </View>
          ))}
        </View>
      )}

      <UnitChooser
        visible={choosing}
        title={zh.offboard.pickUnit}
        units={units}
        multiple={false}
        selected={unitId ? [unitId] : []}
        onClose={() => setChoosing(false)}
        onConfirm={([id]) => {
          setUnitId(id ?? null);
          setFresh(null);
          setChoosing(false);
        }}
      />
    </View>
  );
}
