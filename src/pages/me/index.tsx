import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import { useState } from 'react';
import type { MeView } from '../../../core/api/contract';
import { api } from '../../api';
import { RequireSession } from '../../components/RequireSession';
import { ErrorState, LoadingState } from '../../components/StateViews';
import { TabBar } from '../../components/TabBar';
import { zh } from '../../i18n/zh-CN';
import { chineseDateTime } from '../../lib/dates';
import { confirmDialog, toast, toastError } from '../../lib/feedback';
import { askToSubscribe, templatesToAsk } from '../../lib/subscribe';
import { setLargeText, useLargeText } from '../../lib/textSize';
import { useAsync } from '../../lib/useAsync';
import { useSession } from '../../session';
import './index.scss';

export default function MePage() {
  return <RequireSession>{(me) => <Me me={me} />}</RequireSession>;
}

function Me({ me }: { me: MeView }) {
  const session = useSession();
  const largeText = useLargeText();
  const messages = useAsync(() => api.myMessages(), []);
  const [credits, setCredits] = useState(me.credits);
  const totalCredits = Object.values(credits).reduce((a, b) => a + b, 0);
  // Long-term templates still need one acceptance per official: the button stays until every one is accepted.
  const canSubscribe = process.env.TARO_ENV === 'weapp' && templatesToAsk({ ...me, credits }, 'me').length > 0;

  function subscribe() {
    // Called straight from the tap: WeChat shows the popup only then.
    askToSubscribe({ ...me, credits }, 'me')
      .then((out) => {
        if (!out) return;
        setCredits(out.credits);
        toast(out.accepted > 0 ? zh.me.subscribed(out.accepted) : zh.me.subscribeNone);
        void session.refresh();
      })
      .catch(toastError);
  }

  async function logout() {
    if (await confirmDialog(zh.me.logoutConfirm)) session.signOut();
  }

  return (
    <View className="page page--with-tabbar me">
      <View className="card me__profile">
        <View className="me__avatar">
          <Text className="me__avatar-text">{(me.user.name ?? me.user.unitName).slice(0, 1)}</Text>
        </View>
        <View className="me__who">
          <Text className="me__name">{me.user.name ?? zh.common.unknownPerson}</Text>
          <Text className="me__unit">{me.user.unitName}</Text>
        </View>
        <Text className="me__role">{zh.userRole[me.user.role]}</Text>
      </View>
      {me.demo ? <Text className="me__demo">{zh.me.demo}</Text> : null}

      <View className="card">
        <View className="me__kv">
          <Text className="me__k">{zh.me.unit}</Text>
          <Text className="me__v">{me.user.unitName}</Text>
        </View>
        <View className="me__kv">
          <Text className="me__k">{zh.me.role}</Text>
          <Text className="me__v">{zh.userRole[me.user.role]}</Text>
        </View>
        {me.leadsTasks ? <Text className="me__note">{zh.me.leads}</Text> : null}
      </View>

      <View className="section-title">
        <Text>{zh.me.display}</Text>
      </View>
      <View className="card me__setting">
        <View className="me__setting-text">
          <Text className="me__setting-name">{zh.me.largeText}</Text>
          <Text className="me__hint">{zh.me.largeTextHint}</Text>
        </View>
        <View
          className={`me__switch${largeText ? ' me__switch--on' : ''}`}
          role="switch"
          aria-checked={largeText}
          aria-label={zh.me.largeText}
          onClick={() => {
            setLargeText(!largeText);
            toast(largeText ? zh.me.largeTextOff : zh.me.largeTextOn);
          }}
        >
          <View className="me__switch-knob" />
        </View>
      </View>

      <View className="section-title">
        <Text>{zh.me.credits}</Text>
      </View>
      <View className="card">
        {me.longTermTemplates ? (
          <View className="row-between">
            <Text className="me__credits-line">{zh.me.longTerm}</Text>
            {canSubscribe ? (
              <Button size="small" type="primary" onClick={subscribe}>
                {zh.me.subscribe}
              </Button>
            ) : null}
          </View>
        ) : (
          <View>
            <View className="row-between">
              <Text
                className={`me__credits${totalCredits === 0 && process.env.TARO_ENV === 'weapp' ? ' me__credits--none' : ''}`}
              >
                {zh.me.creditsLeft(totalCredits)}
              </Text>
              {canSubscribe ? (
                <Button size="small" type="primary" onClick={subscribe}>
                  {zh.me.subscribe}
                </Button>
              ) : null}
            </View>
            <Text className="me__hint">{process.env.TARO_ENV === 'weapp' ? zh.me.creditsHint : zh.me.subscribeH5}</Text>
          </View>
        )}
      </View>

      <View className="section-title">
        <Text>{zh.me.messages}</Text>
      </View>
      <View className="card me__messages">
        {messages.loading && !messages.data ? (
          <LoadingState />
        ) : messages.error && !messages.data ? (
          <ErrorState error={messages.error} onRetry={() => void messages.reload()} />
        ) : !messages.data || messages.data.length === 0 ? (
          <Text className="muted">{zh.me.noMessages}</Text>
        ) : (
          messages.data.slice(0, 20).map((m) => (
            <View key={m.key} className="me__message">
              <View className="row-between">
                <Text className="me__message-kind">{zh.me.messageKind[m.kind]}</Text>
                <Text className="me__message-time">{chineseDateTime(m.at)}</Text>
              </View>
              <Text className="me__message-body">
                {Object.values(m.data)
                  .map((v) => v.value)
                  .join(' · ')}
              </Text>
              <Text className="me__message-status">{zh.me.messageStatus(m.status)}</Text>
            </View>
          ))
        )}
      </View>

      {me.user.role === 'admin' ? (
        <Button
          className="me__button"
          block
          size="large"
          onClick={() => void Taro.redirectTo({ url: '/pages/admin/index/index' })}
        >
          {zh.me.admin}
        </Button>
      ) : null}
      {process.env.TARO_ENV === 'h5' ? (
        <Button className="me__button" block size="large" onClick={() => void logout()}>
          {zh.me.logout}
        </Button>
      ) : null}

      <TabBar current="me" />
    </View>
  );
}
