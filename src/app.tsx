import type { PropsWithChildren } from 'react';
import '@nutui/icons-react-taro/dist/style_icon.css';
import { SessionProvider } from './session';
import { prefetchAtStart } from './session/prefetch';
import './app.scss';

// A returning official's `me` and first list are asked for now, while the first page's code still loads.
prefetchAtStart();

function App({ children }: PropsWithChildren) {
  return <SessionProvider>{children}</SessionProvider>;
}

export default App;
