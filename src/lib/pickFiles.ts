/** The browser's file picker (h5 only): what `chooseMedia` / `chooseMessageFile` are on weapp. */
/** `camera`: a phone's browser opens the camera instead of the gallery (`capture`), for 仅允许现场拍摄. */
export function pickFiles(accept: string, multiple: boolean, camera = false): Promise<File[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.multiple = multiple;
    if (camera) input.setAttribute('capture', 'environment');
    input.style.display = 'none';
    input.setAttribute('data-testid', 'file-input');
    input.onchange = () => {
      resolve(input.files ? Array.from(input.files) : []);
      input.remove();
    };
    document.body.appendChild(input);
    input.click();
  });
}

/** A file's content as base64 (no `data:` prefix), for importPlan. */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const s = String(reader.result);
      resolve(s.slice(s.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}
