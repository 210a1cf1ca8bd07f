import { Suspense, lazy, useEffect, useState } from 'react';
import { ModerationNotices } from '../../admin/components/moderation-notices';
import { Outlet, useMatch, useParams } from 'react-router';
import { ChannelBrowserDialog } from '../../channels/components/channel-browser-dialog';
import { CreateChannelDialog } from '../../channels/components/create-channel-dialog';
import { NewDmDialog } from '../../channels/components/new-dm-dialog';
import { Sidebar, SidebarDialog } from '../../channels/components/sidebar';
import { ConnectionBanner } from './connection-banner';
import { QuickSwitcher } from './quick-switcher';

/** Search is loaded when first opened (or when the browser is idle), not with the first screen. */
const loadSearch = () => import('../../search/components/search-dialog');
const SearchDialog = lazy(() => loadSearch().then((module) => ({ default: module.SearchDialog })));

/** `/` opens search unless the key goes into a text field. */
function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return Boolean(element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName)));
}

/** Sidebar and the open conversation side by side; on a phone, one or the other. */
export function AppLayout() {
  const { channelId } = useParams();
  // On a phone the admin area, like a channel, takes the screen.
  const inAdmin = useMatch('/admin') !== null;
  const [dialog, setDialog] = useState<SidebarDialog | 'switcher' | 'search' | null>(null);
  // Once opened, the search dialog stays mounted, so it keeps the last query.
  const [searchUsed, setSearchUsed] = useState(false);
  useEffect(() => {
    if (dialog === 'search') setSearchUsed(true);
  }, [dialog]);
  useEffect(() => {
    const idle = window.requestIdleCallback?.(() => void loadSearch(), { timeout: 5000 });
    return () => {
      if (idle !== undefined) window.cancelIdleCallback?.(idle);
    };
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setDialog('switcher');
      } else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        setDialog('search');
      } else if (event.key === '/' && !isTyping(event.target)) {
        event.preventDefault();
        setDialog('search');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const setOpen = (which: typeof dialog) => (open: boolean) => setDialog(open ? which : null);

  return (
    <div className={`app${channelId || inAdmin ? ' has-channel' : ''}`}>
      <a className="skip-link" href="#main">
        Skip to conversation
      </a>
      <ConnectionBanner />
      <ModerationNotices />
      <div className="app-body">
        <Sidebar onOpen={setDialog} />
        <main id="main" className="main" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
      <ChannelBrowserDialog open={dialog === 'browse'} onOpenChange={setOpen('browse')} />
      <CreateChannelDialog open={dialog === 'create'} onOpenChange={setOpen('create')} />
      <NewDmDialog open={dialog === 'dm'} onOpenChange={setOpen('dm')} />
      <QuickSwitcher open={dialog === 'switcher'} onOpenChange={setOpen('switcher')} />
      {(searchUsed || dialog === 'search') && (
        <Suspense fallback={null}>
          <SearchDialog open={dialog === 'search'} onOpenChange={setOpen('search')} />
        </Suspense>
      )}
    </div>
  );
}
