import Taro, { useRouter } from '@tarojs/taro';
import { Image, Text, Textarea, View } from '@tarojs/components';
import { Button, Switch } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/switch/style/css';
import { useEffect, useRef, useState } from 'react';
import type { MeView, TaskDetail } from '../../../core/api/contract';
import { api, ApiError, UNBOUND_CODES, uploadPhoto } from '../../api';
import type { LocalPhoto } from '../../api/upload';
import { ActionBar } from '../../components/ActionBar';
import { RequireSession } from '../../components/RequireSession';
import { zh } from '../../i18n/zh-CN';
import { clearDraft, loadDraft, saveDraft, type ReportDraft } from '../../lib/draft';
import { toast, toastError } from '../../lib/feedback';
import { pickFiles } from '../../lib/pickFiles';
import { photoSources, pickerFailure } from '../../lib/picker';
import { askToSubscribe } from '../../lib/subscribe';
import { newRequestId } from '../../lib/requestId';
import { chineseDateTime } from '../../lib/dates';
import { useSession } from '../../session';
import './index.scss';

const MAX_TEXT = 2000;
const MAX_PHOTOS = 9;
const PERCENTS: (number | null)[] = [null, 25, 50, 75, 100];

interface Photo {
  key: string;
  preview: string;
  status: 'uploading' | 'done' | 'failed';
  progress: number;
  id: string | null;
  /** What to upload again on retry; null once uploaded and restored from a draft in the browser. */
  local: LocalPhoto | null;
}

export default function ReportPage() {
  return <RequireSession roles={['contact']}>{(me) => <Report me={me} />}</RequireSession>;
}

function Report({ me }: { me: MeView }) {
  const router = useRouter();
  const assignmentId = decodeURIComponent(router.params.assignmentId ?? '');
  const taskId = decodeURIComponent(router.params.taskId ?? '');
  // the page names its task (and, opened after a reload with no page behind it, leads back to it)
  const [task, setTask] = useState<{ seq: number; content: string } | null>(null);
  const [alone] = useState(() => Taro.getCurrentPages().length <= 1);
  useEffect(() => {
    if (!taskId) return;
    api
      .getTask({ taskId })
      .then((d) => setTask({ seq: d.task.seq, content: d.task.content }))
      .catch(() => undefined);
  }, [taskId]);
  /** After 提交 (or 返回): the task page, whether or not it is still behind this one. */
  function toTask() {
    const pages = Taro.getCurrentPages();
    const previous = pages.length > 1 ? pages[pages.length - 2] : null;
    if (previous && (previous.route ?? '').includes('pages/task/index')) void Taro.navigateBack();
    else if (taskId) void Taro.redirectTo({ url: `/pages/task/index?id=${encodeURIComponent(taskId)}` });
    else void Taro.navigateBack();
  }
  // The task page says (from TaskDetail.can.claim) whether a completion claim would pass; without it, offer it.
  // 落实 of a leader's instruction: the task page passes the 批示 (its id, and its words to show).
  const instructionId = router.params.instructionId ? decodeURIComponent(router.params.instructionId) : null;
  const instructionText = instructionId ? decodeURIComponent(router.params.instruction ?? '') : '';
  const mayClaim = router.params.claim !== '0';
  const cameraOnly = router.params.camera === '1';
  const { signOut } = useSession();
  const initial = useRef<ReportDraft | null>(loadDraft(assignmentId));
  // a draft written before the session ended (by the same official, bound again as a new user): its text stays,
  // the photos that user uploaded are not this one's to submit, so they are chosen again (weapp: uploaded again)
  const [fromEarlierUser] = useState(
    () => !!initial.current?.userId && initial.current.userId !== me.user.id && initial.current.photos.length > 0,
  );
  const [requestId] = useState(() => initial.current?.requestId ?? newRequestId());
  const [text, setText] = useState(initial.current?.text ?? '');
  const [percent, setPercent] = useState<number | null>(initial.current?.percent ?? null);
  const [claimDone, setClaimDone] = useState(mayClaim && (initial.current?.claimDone ?? false));
  const [photos, setPhotos] = useState<Photo[]>(() =>
    (initial.current?.photos ?? [])
      .map((p) => (fromEarlierUser ? { ...p, id: null } : p))
      .filter((p) => p.id || p.path)
      .map((p) => ({
        key: p.key,
        preview: p.preview,
        status: p.id ? 'done' : 'failed',
        progress: p.id ? 100 : 0,
        id: p.id,
        local: p.path ? { kind: 'path', path: p.path } : null,
      })),
  );
  const [submitting, setSubmitting] = useState(false);
  // once the report is in, the form takes no second submit (the server also answers a repeat of the same
  // request id with the report it made)
  const submitted = useRef(false);
  const [done, setDone] = useState(false);
  // 分解下达: for an assignment split into parts, the task (its parts and their reports, which a claim may cite)
  const hasParts = router.params.parts === '1';
  const [detail, setDetail] = useState<TaskDetail | null>(null);
  const [cited, setCited] = useState<Set<string>>(new Set());
  useEffect(() => {
    if (hasParts && taskId) api.getTask({ taskId }).then(setDetail).catch(toastError);
  }, [hasParts, taskId]);
  const parts = detail ? detail.assignments.filter((a) => a.parentId === assignmentId) : [];
  const partReports = detail
    ? detail.reports.filter((r) => parts.some((p) => p.id === r.assignmentId) && r.review !== 'returned')
    : [];
  const photosRef = useRef(photos);
  photosRef.current = photos;

  useEffect(() => {
    if (fromEarlierUser) toast(zh.offboard.draftPhotosAgain);
    else if (initial.current && (initial.current.text || initial.current.photos.length)) toast(zh.report.draftRestored);
  }, [fromEarlierUser]);

  // Keep the draft after every change (the weapp's local paths too, so a photo not yet uploaded can be retried).
  const draftNow = (): ReportDraft => ({
    requestId,
    text,
    percent,
    claimDone,
    photos: photos
      .filter((p) => p.id || p.local?.kind === 'path')
      .map((p) => ({
        key: p.key,
        id: p.id,
        preview: p.preview,
        path: p.local?.kind === 'path' ? p.local.path : null,
      })),
    savedAt: Date.now(),
    userId: me.user.id,
  });
  const latestDraft = useRef(draftNow);
  latestDraft.current = draftNow;
  useEffect(() => {
    const timer = setTimeout(() => saveDraft(assignmentId, latestDraft.current()), 300);
    return () => clearTimeout(timer);
  }, [assignmentId, requestId, text, percent, claimDone, photos]);
  // Leaving the page (the session ended and the app went to binding) keeps the last keystrokes too.
  useEffect(
    () => () => {
      if (!submitted.current) saveDraft(assignmentId, latestDraft.current());
    },
    [assignmentId],
  );

  function patch(key: string, change: Partial<Photo>) {
    setPhotos((list) => list.map((p) => (p.key === key ? { ...p, ...change } : p)));
  }

  function upload(photo: Photo) {
    if (!photo.local) return;
    patch(photo.key, { status: 'uploading', progress: 0 });
    uploadPhoto(photo.local, (progress) => patch(photo.key, { progress }))
      // the server's URL, not the browser's blob: one, so that a draft restored after a reload still shows it
      .then((res) => patch(photo.key, { status: 'done', progress: 100, id: res.id, preview: res.url || photo.preview }))
      .catch((e: unknown) => {
        patch(photo.key, { status: 'failed' });
        toastError(e);
      });
  }

  async function addPhotos() {
    const room = MAX_PHOTOS - photos.length;
    if (room <= 0) return;
    const added: Photo[] = [];
    if (process.env.TARO_ENV === 'h5') {
      const files = (await pickFiles('image/*', true, cameraOnly)).slice(0, room);
      for (const f of files) {
        added.push({
          key: `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
          preview: URL.createObjectURL(f),
          status: 'uploading',
          progress: 0,
          id: null,
          local: { kind: 'blob', blob: f, name: f.name || 'photo.jpg' },
        });
      }
    } else {
      let paths: string[];
      try {
        const res = await Taro.chooseMedia({
          count: room,
          mediaType: ['image'],
          sizeType: ['compressed'],
          sourceType: photoSources(cameraOnly),
        });
        paths = res.tempFiles.map((f) => f.tempFilePath);
      } catch (e) {
        const failure = pickerFailure(e);
        if (failure) toastError(failure);
        return; // a cancel is the official's own choice
      }
      for (const src of paths) {
        let path = src;
        try {
          path = (await Taro.compressImage({ src, quality: 70 })).tempFilePath;
        } catch {
          path = src;
        }
        added.push({
          key: `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
          preview: path,
          status: 'uploading',
          progress: 0,
          id: null,
          local: { kind: 'path', path },
        });
      }
    }
    setPhotos((list) => [...list, ...added]);
    added.forEach(upload);
  }

  function remove(key: string) {
    setPhotos((list) => list.filter((p) => p.key !== key));
  }

  async function submit() {
    if (submitted.current || submitting) return;
    const body = text.trim();
    if (!body) return toast(zh.report.needText);
    if (body.length > MAX_TEXT) return toast(zh.report.tooLong(MAX_TEXT));
    if (photosRef.current.some((p) => p.status !== 'done')) return toast(zh.report.waitUpload);
    const openParts = claimDone ? parts.filter((p) => p.status !== 'closed') : [];
    if (openParts.length) {
      // the server refuses such a claim until the official confirms it (submitReport: confirmOpenParts)
      const answer = await Taro.showModal({
        title: zh.split.openPartsTitle,
        content: zh.split.openPartsConfirm(openParts.map((p) => p.unitName)),
      });
      if (!answer.confirm) return;
    }
    // Still inside the tap (everything above is synchronous): WeChat's subscription popup may show here. The
    // report goes in at once; the page waits for the official's answer before going back.
    const subscription = askToSubscribe(me, 'report').catch(() => null);
    setSubmitting(true);
    submitted.current = true;
    try {
      await api.submitReport({
        assignmentId,
        requestId,
        text: body,
        photos: photosRef.current.map((p) => p.id as string),
        percent,
        claimDone,
        ...(instructionId ? { kind: 'followUp' as const, instructionId } : {}),
        ...(claimDone && parts.length
          ? { confirmOpenParts: true, citeReportIds: partReports.filter((r) => cited.has(r.id)).map((r) => r.id) }
          : {}),
      });
      clearDraft(assignmentId);
      setDone(true);
      toast(zh.report.submitted);
      await Promise.all([subscription, new Promise((r) => setTimeout(r, 600))]);
      toTask();
    } catch (e) {
      submitted.current = false;
      if (e instanceof ApiError && e.code === 'NETWORK') toast(zh.report.offline);
      else if (e instanceof ApiError && UNBOUND_CODES.has(e.code)) {
        // the session ended (expired, ended for everyone, removed): the draft is kept, the bind page says why
        saveDraft(assignmentId, latestDraft.current());
        signOut();
      } else toastError(e);
    } finally {
      setSubmitting(false);
    }
  }

  const uploading = photos.some((p) => p.status === 'uploading');

  return (
    <View className="page page--with-actionbar report">
      {alone && taskId ? (
        <View className="report__back" role="button" aria-label={zh.report.backToTask} onClick={toTask}>
          <Text className="report__back-chevron" />
          <Text>{zh.report.backToTask}</Text>
        </View>
      ) : null}
      {task ? (
        <View className="card report__task">
          <Text className="report__task-label">{zh.report.forTask}</Text>
          <Text className="report__task-name">{zh.desk.reportFor(task.seq, task.content)}</Text>
        </View>
      ) : null}
      {instructionId ? (
        <View className="card report__instruction">
          <Text className="report__instruction-title">{zh.instruction.reportTitle}</Text>
          <Text className="report__instruction-text">{instructionText}</Text>
        </View>
      ) : null}
      <View className="card">
        <View className="field__label">
          <Text>{zh.report.textLabel}</Text>
          <Text className={`report__count${text.length > MAX_TEXT ? ' report__count--over' : ''}`}>
            {zh.report.count(text.length, MAX_TEXT)}
          </Text>
        </View>
        <Textarea
          className="textarea report__text"
          value={text}
          maxlength={MAX_TEXT}
          placeholder={zh.report.textPlaceholder}
          aria-label={zh.report.textLabel}
          autoHeight={false}
          onInput={(e) => setText(e.detail.value)}
        />
      </View>

      <View className="card">
        <View className="field__label">
          <Text>{zh.report.photos}</Text>
          <Text className="muted">{zh.report.photosHint(photos.length, MAX_PHOTOS)}</Text>
        </View>
        {cameraOnly ? <Text className="muted">{zh.evidence.cameraOnly}</Text> : null}
        <View className="report__photos">
          {photos.map((p, i) => (
            <View key={p.key} className={`report__photo report__photo--${p.status}`}>
              <Image
                className="report__photo-img"
                src={p.preview}
                mode="aspectFill"
                aria-label={zh.task.photoAria(i + 1)}
              />
              {p.status === 'uploading' ? (
                <View className="report__photo-mask">
                  <Text className="report__photo-progress">{zh.report.uploading(p.progress)}</Text>
                  <View className="report__photo-bar">
                    <View className="report__photo-bar-fill" style={{ width: `${p.progress}%` }} />
                  </View>
                </View>
              ) : null}
              {p.status === 'failed' ? (
                <View className="report__photo-mask report__photo-mask--failed">
                  <Text className="report__photo-progress">{zh.report.uploadFailed}</Text>
                  {p.local ? (
                    <View className="report__photo-retry" role="button" onClick={() => upload(p)}>
                      {zh.report.retryUpload}
                    </View>
                  ) : null}
                </View>
              ) : null}
              <View
                className="report__photo-remove"
                role="button"
                aria-label={zh.report.removePhoto}
                onClick={() => remove(p.key)}
              >
                ×
              </View>
            </View>
          ))}
          {photos.length < MAX_PHOTOS ? (
            <View
              className="report__photo report__photo--add"
              role="button"
              aria-label={zh.report.addPhoto}
              onClick={() => void addPhotos()}
            >
              <Text className="report__add-plus">+</Text>
              <Text className="report__add-text">{zh.report.addPhoto}</Text>
            </View>
          ) : null}
        </View>
      </View>

      <View className="card">
        <View className="field__label">
          <Text>{zh.report.percent}</Text>
          <Text className="muted">{zh.common.optional}</Text>
        </View>
        <View className="report__percents" role="radiogroup" aria-label={zh.report.percent}>
          {PERCENTS.map((v) => (
            <View
              key={String(v)}
              className={`report__percent${percent === v ? ' report__percent--active' : ''}`}
              role="radio"
              aria-checked={percent === v}
              onClick={() => setPercent(v)}
            >
              <Text>{v === null ? zh.report.percentNone : `${v}%`}</Text>
            </View>
          ))}
        </View>
        {mayClaim ? (
          <View className="report__claim">
            <View className="report__claim-text">
              <Text className="report__claim-title">{zh.report.claimDone}</Text>
              <Text className="report__claim-hint">{zh.report.claimDoneHint}</Text>
            </View>
            <Switch
              checked={claimDone}
              aria-label={zh.report.claimDone}
              onChange={(v: boolean) => {
                setClaimDone(v);
                if (v) setPercent(100);
              }}
            />
          </View>
        ) : null}
      </View>

      {claimDone && partReports.length ? (
        <View className="card report__cite">
          <Text className="field__label">{zh.split.cite}</Text>
          <Text className="report__claim-hint">{zh.split.citeHint}</Text>
          {partReports.map((r) => {
            const on = cited.has(r.id);
            const when = chineseDateTime(r.createdAt);
            return (
              <View
                key={r.id}
                className={`report__cite-row${on ? ' report__cite-row--on' : ''}`}
                role="checkbox"
                aria-checked={on}
                aria-label={zh.split.citeAria(r.unitName, when)}
                onClick={() =>
                  setCited((prev) => {
                    const next = new Set(prev);
                    if (next.has(r.id)) next.delete(r.id);
                    else next.add(r.id);
                    return next;
                  })
                }
              >
                <View className="report__cite-check" />
                <View className="report__cite-text">
                  <Text className="report__cite-unit">
                    {r.unitName} · {when} · {zh.split.photos(r.photos.length)}
                  </Text>
                  <Text className="report__cite-body">{r.text}</Text>
                </View>
              </View>
            );
          })}
        </View>
      ) : null}

      {text || photos.length ? <Text className="report__draft">{zh.report.draftSaved}</Text> : null}

      <ActionBar>
        <Button
          type="primary"
          size="large"
          block
          loading={submitting}
          disabled={uploading || done}
          onClick={() => void submit()}
        >
          {submitting ? zh.report.submitting : zh.report.submit}
        </Button>
      </ActionBar>
    </View>
  );
}
