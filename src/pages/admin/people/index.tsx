/**
 * People who leave (联络员 change often): an administrator picks a unit, sees who is bound to it (name, role, when
 * bound) and removes one who left, or replaces one (removed, and a fresh invite code for the same unit and role to
 * hand to the successor, in one step). The server ends the removed person's session at once; their history stays
 * attributed to them. A district's administrator reaches its own subtree only (the server says so otherwise).
 */
import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { InviteView, UnitUserView } from '../../../../core/api/contract';
import { api } from '../../../api';
import { RequireSession } from '../../../components/RequireSession';
import { EmptyState, ErrorState, LoadingState } from '../../../components/StateViews';
import { zh } from '../../../i18n/zh-CN';
import { chineseDateTime } from '../../../lib/dates';
import { confirmDialog } from '../../../lib/feedback';
import { useAction } from '../../../lib/useAction';
import { useAsync } from '../../../lib/useAsync';
import { FreshInvite, UnitField, useDirectoryUnits } from '../invites/InviteParts';
import './index.scss';

export default function PeoplePage() {
  return <RequireSession roles={['admin']}>{() => <People />}</RequireSession>;
}

function People() {
  const units = useDirectoryUnits();
  const [unitId, setUnitId] = useState<string | null>(null);
  const [fresh, setFresh] = useState<InviteView | null>(null);
  const people = useAsync(() => (unitId ? api.listUnitUsers({ unitId }) : Promise.resolve(null)), [unitId]);
  const removal = useAction(people.reload);
  const unit = units.find((u) => u.id === unitId) ?? null;

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

  return (
    <View className="page people">
      <View className="card">
        <Text className="people__intro">{zh.offboard.intro}</Text>
        <UnitField
          label={zh.offboard.unit}
          prompt={zh.offboard.pickUnit}
          units={units}
          unitId={unitId}
          onPick={(id) => {
            setUnitId(id);
            setFresh(null);
          }}
        />
      </View>

      {fresh ? <FreshInvite invite={fresh} title={zh.offboard.freshTitle} /> : null}

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
    </View>
  );
}
