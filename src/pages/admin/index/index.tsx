import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { api } from '../../../api';
import { RequireSession } from '../../../components/RequireSession';
import { ErrorState, LoadingState } from '../../../components/StateViews';
import { TabBar } from '../../../components/TabBar';
import { zh } from '../../../i18n/zh-CN';
import { chineseDateTime } from '../../../lib/dates';
import { useAsync } from '../../../lib/useAsync';
import './index.scss';

const ENTRIES = [
  { url: '/pages/admin/import/index', title: zh.admin.import, note: zh.admin.importNote, mark: zh.admin.importMark },
  {
    url: '/pages/admin/directory/index',
    title: zh.admin.directory,
    note: zh.admin.directoryNote,
    mark: zh.admin.directoryMark,
  },
  {
    url: '/pages/admin/invites/index',
    title: zh.admin.invites,
    note: zh.admin.invitesNote,
    mark: zh.admin.invitesMark,
  },
  {
    url: '/pages/admin/settings/index',
    title: zh.admin.settings,
    note: zh.admin.settingsNote,
    mark: zh.admin.settingsMark,
  },
  {
    url: '/pages/admin/templates/index',
    title: zh.admin.templates,
    note: zh.admin.templatesNote,
    mark: zh.admin.templatesMark,
  },
  {
    url: '/pages/admin/people/index',
    title: zh.offboard.people,
    note: zh.offboard.peopleNote,
    mark: zh.offboard.peopleMark,
  },
  { url: '/pages/admin/storage/index', title: zh.storage.title, note: zh.storage.note, mark: zh.storage.mark },
];

export default function AdminHomePage() {
  return <RequireSession roles={['admin']}>{() => <AdminHome />}</RequireSession>;
}

function AdminHome() {
  const audit = useAsync(() => api.listAudit({ page: 1, pageSize: 10 }), []);
  return (
    <View className="page page--with-tabbar admin-home">
      <View className="card admin-home__list">
        {ENTRIES.map((e) => (
          <View
            key={e.url}
            className="admin-home__entry"
            role="button"
            aria-label={`${e.mark} ${e.title} ${e.note}`}
            onClick={() => void Taro.navigateTo({ url: e.url })}
          >
            <View className="admin-home__mark">
              <Text>{e.mark}</Text>
            </View>
            <View className="admin-home__text">
              <Text className="admin-home__entry-title">{e.title}</Text>
              <Text className="admin-home__entry-note">{e.note}</Text>
            </View>
            <Text className="admin-home__chevron" />
          </View>
        ))}
      </View>

      <View className="section-title">
        <Text>{zh.admin.audit}</Text>
      </View>
      <View className="card admin-home__audit">
        {audit.loading && !audit.data ? (
          <LoadingState />
        ) : audit.error && !audit.data ? (
          <ErrorState error={audit.error} onRetry={() => void audit.reload()} />
        ) : !audit.data || audit.data.items.length === 0 ? (
          <Text className="muted">{zh.admin.noAudit}</Text>
        ) : (
          audit.data.items.map((a) => (
            <View key={a.id} className="admin-home__audit-item">
              <View className="row-between">
                <Text className="admin-home__audit-action">{zh.admin.auditAction[a.action] ?? a.action}</Text>
                <Text className="admin-home__audit-time">{chineseDateTime(a.at)}</Text>
              </View>
              {a.unitName || a.task ? (
                <Text className="admin-home__audit-subject">
                  {[a.unitName, a.task ? zh.admin.auditTask(a.task.seq, a.task.content) : null]
                    .filter(Boolean)
                    .join(' · ')}
                </Text>
              ) : null}
              <Text className="admin-home__audit-who">{a.actorName ?? zh.admin.system}</Text>
            </View>
          ))
        )}
      </View>
      <TabBar current="admin" />
    </View>
  );
}
