import type { PropsWithChildren } from 'react';
import '@nutui/icons-react-taro/dist/style_icon.css';
import { SessionProvider } from './session';
import './app.scss';

function App({ children }: PropsWithChildren) {
  return <SessionProvider>{children}</SessionProvider>;
}

export default App;
