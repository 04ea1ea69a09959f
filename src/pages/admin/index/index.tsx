import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { RequireSession } from '../../../components/RequireSession';
import { TabBar } from '../../../components/TabBar';
import { zh } from '../../../i18n/zh-CN';
import './index.scss';

const ENTRIES = [
  { url: '/pages/admin/import/index', title: zh.admin.import, note: zh.admin.importNote, mark: '导' },
  { url: '/pages/admin/invites/index', title: zh.admin.invites, note: zh.admin.invitesNote, mark: '邀' },
  { url: '/pages/admin/settings/index', title: zh.admin.settings, note: zh.admin.settingsNote, mark: '设' },
];

export default function AdminHome() {
  return (
    <RequireSession roles={['admin']}>
      {() => (
        <View className="page page--with-tabbar admin-home">
          <Text className="admin-home__title">{zh.admin.title}</Text>
          <View className="card admin-home__list">
            {ENTRIES.map((e) => (
              <View
                key={e.url}
                className="admin-home__entry"
                role="button"
                aria-label={e.title}
                onClick={() => void Taro.navigateTo({ url: e.url })}
              >
                <View className="admin-home__mark">
                  <Text>{e.mark}</Text>
                </View>
                <View className="admin-home__text">
                  <Text className="admin-home__entry-title">{e.title}</Text>
                  <Text className="admin-home__entry-note">{e.note}</Text>
                </View>
                <Text className="admin-home__chevron">›</Text>
              </View>
            ))}
          </View>
          <TabBar current="admin" />
        </View>
      )}
    </RequireSession>
  );
}
