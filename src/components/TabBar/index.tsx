/**
 * The bottom navigation. Roles see different tabs (a contact has no dashboard, a leader reviews nothing),
 * so the bar is the app's own rather than the mini program's fixed tabBar.
 */
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Category, Notice, Order, ShieldCheck, Setting, User } from '@nutui/icons-react-taro';
import { useEffect, useState, type ComponentType } from 'react';
import { api } from '../../api';
import type { MeView } from '../../../core/api/contract';
import { zh } from '../../i18n/zh-CN';
import { useSession } from '../../session';
import './index.scss';

export type TabKey = 'tasks' | 'review' | 'dashboard' | 'admin' | 'inbox' | 'me';

interface TabItem {
  key: TabKey;
  url: string;
  icon: ComponentType<{ size?: number | string; className?: string }>;
}

const ITEMS: Record<TabKey, TabItem> = {
  tasks: { key: 'tasks', url: '/pages/tasks/index', icon: Order },
  review: { key: 'review', url: '/pages/review/index', icon: ShieldCheck },
  dashboard: { key: 'dashboard', url: '/pages/dashboard/index', icon: Category },
  admin: { key: 'admin', url: '/pages/admin/index/index', icon: Setting },
  inbox: { key: 'inbox', url: '/pages/inbox/index', icon: Notice },
  me: { key: 'me', url: '/pages/me/index', icon: User },
};

export function tabsFor(me: MeView | null): TabKey[] {
  if (!me) return [];
  switch (me.user.role) {
    case 'supervisor':
      return ['dashboard', 'tasks', 'review', 'inbox', 'me'];
    case 'viewer':
      return ['dashboard', 'tasks', 'inbox', 'me'];
    case 'admin':
      return ['admin', 'dashboard', 'tasks', 'inbox', 'me'];
    default:
      return me.leadsTasks ? ['tasks', 'review', 'inbox', 'me'] : ['tasks', 'inbox', 'me'];
  }
}

export function TabBar({ current, badges }: { current: TabKey; badges?: Partial<Record<TabKey, number>> }) {
  const { me } = useSession();
  const keys = tabsFor(me);
  const inbox = useInboxCount(me !== null && badges?.inbox === undefined);
  useEffect(() => {
    // Top-level pages are reached through this bar: WeChat's home button in the title bar would only repeat it.
    if (process.env.TARO_ENV === 'weapp') void Taro.hideHomeButton().catch(() => undefined);
  }, []);
  if (keys.length < 2) return null;
  return (
    <View className="tabbar" role="tablist" aria-label={zh.tabs.nav}>
      {keys.map((key) => {
        const item = ITEMS[key];
        const Icon = item.icon;
        const active = key === current;
        const badge = (key === 'inbox' ? (badges?.inbox ?? inbox) : badges?.[key]) ?? 0;
        return (
          <View
            key={key}
            className={`tabbar__item${active ? ' tabbar__item--active' : ''}`}
            role="tab"
            aria-selected={active}
            onClick={() => {
              if (!active) void Taro.redirectTo({ url: item.url });
            }}
          >
            <View className="tabbar__icon">
              <Icon size={22} />
              {badge > 0 ? <Text className="tabbar__badge">{badge > 99 ? '99+' : badge}</Text> : null}
            </View>
            <Text className="tabbar__label">{zh.tabs[key]}</Text>
          </View>
        );
      })}
    </View>
  );
}

/** What waits in the caller's inbox (the 待办 tab's badge), asked for when a page with the bar opens. */
function useInboxCount(wanted: boolean): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    api
      .inbox()
      .then((box) => live && setN(box.total))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [wanted]);
  return n;
}
