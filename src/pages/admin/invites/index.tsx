import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import { useState } from 'react';
import type { InviteView } from '../../../../core/api/contract';
import type { UserRole } from '../../../../core/model';
import { api } from '../../../api';
import { Field } from '../../../components/Field';
import { RequireSession } from '../../../components/RequireSession';
import { EmptyState, ErrorState, LoadingState } from '../../../components/StateViews';
import { zh } from '../../../i18n/zh-CN';
import { chineseDateTime } from '../../../lib/dates';
import { confirmDialog, toast } from '../../../lib/feedback';
import { useAction } from '../../../lib/useAction';
import { useAsync } from '../../../lib/useAsync';
import { copyInvite, FreshInvite, UnitField, useDirectoryUnits } from './InviteParts';
import './index.scss';

const ROLES: UserRole[] = ['contact', 'supervisor', 'viewer', 'admin'];
const TTLS = [3, 7, 14, 30];

export default function InvitesPage() {
  return <RequireSession roles={['admin']}>{() => <Invites />}</RequireSession>;
}

function inviteState(i: InviteView): 'revoked' | 'used' | 'expired' | 'valid' {
  if (i.revokedAt) return 'revoked';
  if (i.usedAt) return 'used';
  if (Date.parse(i.expiresAt) < Date.now()) return 'expired';
  return 'valid';
}

function Invites() {
  const list = useAsync(() => api.listInvites({}), []);
  const units = useDirectoryUnits();
  const [unitId, setUnitId] = useState<string | null>(null);
  const [roleIndex, setRoleIndex] = useState(0);
  const [ttlIndex, setTtlIndex] = useState(1);
  const creation = useAction(list.reload);
  const revocation = useAction(list.reload);
  const creating = creation.busy;
  const [fresh, setFresh] = useState<InviteView | null>(null);

  async function create() {
    const unit = units.find((u) => u.id === unitId);
    if (!unit) return toast(zh.invites.needUnit);
    await creation.run(
      () => api.createInvite({ unitId: unit.id, role: ROLES[roleIndex], ttlDays: TTLS[ttlIndex] }),
      null,
      setFresh,
    );
  }

  async function revoke(i: InviteView) {
    if (!(await confirmDialog(zh.invites.revokeConfirm(i.code)))) return;
    await revocation.run(
      () => api.revokeInvite({ code: i.code }),
      zh.invites.revoked,
      () => {
        if (fresh?.code === i.code) setFresh(null);
      },
    );
  }

  return (
    <View className="page invites">
      <View className="card">
        <UnitField
          label={zh.invites.unit}
          prompt={zh.invites.pickUnit}
          units={units}
          unitId={unitId}
          onPick={setUnitId}
        />
        <Field label={zh.invites.role}>
          <View className="invites__chips" role="radiogroup" aria-label={zh.invites.role}>
            {ROLES.map((r, i) => (
              <View
                key={r}
                className={`invites__chip${roleIndex === i ? ' invites__chip--active' : ''}`}
                role="radio"
                aria-checked={roleIndex === i}
                onClick={() => setRoleIndex(i)}
              >
                {zh.userRole[r]}
              </View>
            ))}
          </View>
        </Field>
        <Field label={zh.invites.ttl}>
          <View className="invites__chips" role="radiogroup" aria-label={zh.invites.ttl}>
            {TTLS.map((t, i) => (
              <View
                key={t}
                className={`invites__chip${ttlIndex === i ? ' invites__chip--active' : ''}`}
                role="radio"
                aria-checked={ttlIndex === i}
                onClick={() => setTtlIndex(i)}
              >
                {zh.invites.days(t)}
              </View>
            ))}
          </View>
        </Field>
        <Button type="primary" size="large" block loading={creating} onClick={() => void create()}>
          {zh.invites.create}
        </Button>
      </View>

      {fresh ? <FreshInvite invite={fresh} title={zh.invites.created} /> : null}

      <View className="section-title">
        <Text>{zh.invites.list}</Text>
      </View>
      {list.loading && !list.data ? (
        <LoadingState />
      ) : list.error && !list.data ? (
        <ErrorState error={list.error} onRetry={() => void list.reload()} />
      ) : !list.data || list.data.length === 0 ? (
        <EmptyState title={zh.invites.empty} />
      ) : (
        <View className="card invites__list">
          {list.data.map((i) => {
            const st = inviteState(i);
            return (
              <View key={i.code} className={`invites__item invites__item--${st}`}>
                <View className="invites__item-main">
                  <View className="invites__item-head">
                    <Text className="invites__code">{i.code}</Text>
                    <Text className={`invites__state invites__state--${st}`}>{zh.invites[st]}</Text>
                  </View>
                  <Text className="invites__meta">
                    {i.unitName} · {zh.userRole[i.role]}
                  </Text>
                  <Text className="invites__meta">{zh.invites.expiresAt(chineseDateTime(i.expiresAt))}</Text>
                </View>
                {st === 'valid' ? (
                  <View className="invites__actions">
                    <View className="invites__action" role="button" onClick={() => copyInvite(i)}>
                      {zh.common.copy}
                    </View>
                    <View
                      className="invites__action invites__action--danger"
                      role="button"
                      onClick={() => void revoke(i)}
                    >
                      {zh.invites.revoke}
                    </View>
                  </View>
                ) : null}
              </View>
            );
          })}
        </View>
      )}
    </View>
  );
}
