import Taro from '@tarojs/taro';

/** A report being written survives leaving the page, a crash or a lost network: it lives in local storage. */
export interface ReportDraft {
  requestId: string;
  text: string;
  percent: number | null;
  claimDone: boolean;
  /** Photos already uploaded (their ids), and on weapp the local paths of those not yet uploaded. */
  photos: { key: string; id: string | null; preview: string; path: string | null }[];
  savedAt: number;
  /**
   * Who wrote it (the user id). A draft outlives the session it was written in (expired, revoked, removed): after
   * binding again, as a new user, its text is restored and photos uploaded by the earlier user are chosen again.
   */
  userId?: string;
}

const key = (assignmentId: string) => `duban.draft.${assignmentId}`;

export function loadDraft(assignmentId: string): ReportDraft | null {
  try {
    const raw = Taro.getStorageSync(key(assignmentId)) as ReportDraft | '';
    return raw && typeof raw === 'object' && typeof raw.requestId === 'string' ? raw : null;
  } catch {
    return null;
  }
}

export function saveDraft(assignmentId: string, draft: ReportDraft): void {
  try {
    Taro.setStorageSync(key(assignmentId), draft);
  } catch {
    // Storage full: the page still works, only the draft is not kept.
  }
}

/** Whether any report draft is kept on this device (the bind page says it survives a session's end). */
export function hasDrafts(): boolean {
  try {
    return Taro.getStorageInfoSync()
      .keys.filter((k) => k.startsWith('duban.draft.'))
      .some((k) => {
        const d = loadDraft(k.slice('duban.draft.'.length));
        return !!d && (d.text.trim() !== '' || d.photos.length > 0);
      });
  } catch {
    return false;
  }
}

export function clearDraft(assignmentId: string): void {
  Taro.removeStorageSync(key(assignmentId));
}

/** A small form's fields kept the same way (the extension request): restored when the official comes back. */
export function loadFormDraft<T extends object>(name: string): Partial<T> | null {
  try {
    const raw = Taro.getStorageSync(`duban.form.${name}`) as Partial<T> | '';
    return raw && typeof raw === 'object' ? raw : null;
  } catch {
    return null;
  }
}

export function saveFormDraft<T extends object>(name: string, fields: T): void {
  try {
    Taro.setStorageSync(`duban.form.${name}`, fields);
  } catch {
    // as saveDraft
  }
}

export function clearFormDraft(name: string): void {
  Taro.removeStorageSync(`duban.form.${name}`);
}
