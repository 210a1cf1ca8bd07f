import { ShellLayout } from './features/shell/components/shell-layout';

export function App() {
  return <ShellLayout />;
}
