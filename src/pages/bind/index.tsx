import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import { useEffect, useState } from 'react';
import type { ActionOutput } from '../../../core/api/contract';
import { api, readSessionEnd, serverIsDemo } from '../../api';
import { TextField } from '../../components/Field';
import { TextSize } from '../../components/TextSize';
import { zh } from '../../i18n/zh-CN';
import { chineseDateTime } from '../../lib/dates';
import { hasDrafts } from '../../lib/draft';
import { toastError } from '../../lib/feedback';
import { useAction } from '../../lib/useAction';
import { homeFor, useSession } from '../../session';
import './index.scss';

type Preview = ActionOutput<'previewInvite'>;
type DemoAs = 'admin' | 'supervisor' | 'lead' | 'district' | 'viewer' | 'street';
const DEMO_ORDER: DemoAs[] = ['district', 'lead', 'supervisor', 'viewer', 'admin', 'street'];

/** Binding: an invite code shows the unit and role it gives, and only then binds. */
export default function Bind() {
  const session = useSession();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const { busy, run } = useAction();
  const [demo, setDemo] = useState(false);
  const [demoBusy, setDemoBusy] = useState<DemoAs | null>(null);
  // why the last session ended (expired, ended for everyone, removed by an admin), and whether drafts are kept
  const [ended] = useState(readSessionEnd);
  const [draftsKept] = useState(hasDrafts);

  useEffect(() => {
    if (session.status === 'ready' && session.me) void Taro.reLaunch({ url: homeFor(session.me) });
  }, [session.status, session.me]);

  useEffect(() => {
    void serverIsDemo().then(setDemo);
    if (process.env.TARO_ENV === 'weapp') void Taro.hideHomeButton().catch(() => undefined);
  }, []);

  const normalized = code.trim().toUpperCase();

  async function check() {
    if (!normalized) return;
    await run(() => api.previewInvite({ code: normalized }), null, setPreview);
  }

  async function confirm() {
    await run(
      () => api.bind({ code: normalized, ...(name.trim() ? { name: name.trim() } : {}) }),
      zh.bind.bound,
      // Signing in is enough: the effect above takes the official home, once.
      (res) => session.signIn(res.me, res.token),
    );
  }

  async function demoLogin(as: DemoAs) {
    setDemoBusy(as);
    try {
      const res = await api.demoLogin({ as });
      session.signIn(res.me, res.token);
    } catch (e) {
      toastError(e);
    } finally {
      setDemoBusy(null);
    }
  }

  return (
    <>
      <TextSize />
      <View className="bind">
        <View className="bind__hero">
          <View className="bind__seal">
            <Text className="bind__seal-text">{zh.appSeal}</Text>
          </View>
          <Text className="bind__app">{zh.appName}</Text>
          <Text className="bind__slogan">{zh.appSlogan}</Text>
        </View>

        <View className="bind__body">
          {ended ? (
            <View className="card bind__ended" role="alert">
              <Text className="bind__ended-title">
                {ended.code === 'USER_REMOVED' ? zh.offboard.removedTitle : zh.offboard.endedTitle}
              </Text>
              <Text className="bind__ended-text">{ended.message}</Text>
              {draftsKept ? <Text className="bind__ended-draft">{zh.offboard.draftsKept}</Text> : null}
            </View>
          ) : null}
          <View className="card bind__card">
            <Text className="bind__title">{zh.bind.title}</Text>
            <Text className="bind__intro">{zh.bind.intro}</Text>

            {preview ? (
              <View className="bind__preview">
                <Text className="bind__preview-title">{zh.bind.willBind}</Text>
                <View className="bind__kv">
                  <Text className="bind__k">{zh.bind.unit}</Text>
                  <Text className="bind__v bind__v--strong">{preview.unitName}</Text>
                </View>
                <View className="bind__kv">
                  <Text className="bind__k">{zh.bind.role}</Text>
                  <Text className="bind__v">{zh.userRole[preview.role]}</Text>
                </View>
                <View className="bind__kv">
                  <Text className="bind__k">{zh.bind.expires}</Text>
                  <Text className="bind__v">{chineseDateTime(preview.expiresAt)}</Text>
                </View>
                <TextField
                  label={zh.bind.nameLabel}
                  className="bind__name"
                  value={name}
                  maxlength={20}
                  placeholder={zh.bind.namePlaceholder}
                  onInput={(e) => setName(e.detail.value)}
                />
                <Button block type="primary" size="large" loading={busy} onClick={() => void confirm()}>
                  {zh.bind.confirm}
                </Button>
                <View className="bind__secondary" role="button" onClick={() => setPreview(null)}>
                  <Text className="link">{zh.bind.another}</Text>
                </View>
              </View>
            ) : (
              <View>
                <TextField
                  label={zh.bind.codeLabel}
                  inputClassName="bind__code"
                  value={code}
                  maxlength={32}
                  placeholder={zh.bind.codePlaceholder}
                  confirmType="go"
                  onInput={(e) => setCode(e.detail.value)}
                  onConfirm={() => void check()}
                />
                <Button
                  block
                  type="primary"
                  size="large"
                  disabled={!normalized}
                  loading={busy}
                  onClick={() => void check()}
                >
                  {zh.bind.check}
                </Button>
              </View>
            )}
          </View>

          {demo && process.env.TARO_ENV === 'h5' ? (
            <View className="card bind__demo" role="group" aria-label={zh.bind.demoTitle}>
              <View className="bind__demo-head">
                <Text className="bind__title">{zh.bind.demoTitle}</Text>
                <Text className="bind__demo-badge">DEMO</Text>
              </View>
              <Text className="bind__intro">{zh.bind.demoIntro}</Text>
              {DEMO_ORDER.map((as) => (
                <View
                  key={as}
                  className={`bind__demo-item${demoBusy === as ? ' bind__demo-item--busy' : ''}`}
                  role="button"
                  aria-label={zh.bind.demoAria(zh.bind.demo[as].name, zh.bind.demo[as].note)}
                  onClick={() => void demoLogin(as)}
                >
                  <View className="bind__demo-text">
                    <Text className="bind__demo-name">{zh.bind.demo[as].name}</Text>
                    <Text className="bind__demo-note">{zh.bind.demo[as].note}</Text>
                  </View>
                  {demoBusy === as ? <Text className="bind__demo-go">{zh.common.loading}</Text> : null}
                </View>
              ))}
            </View>
          ) : null}
        </View>
      </View>
    </>
  );
}
