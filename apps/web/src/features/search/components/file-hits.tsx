import type { FileSearchHit } from '@colink/contracts';
import { fetchDownloadUrl, formatSize, useFile, useSignedUrl } from '../../files/api';
import { useChannel } from '../../channels/api';
import { useChannelTitle } from '../../channels/components/channel-label';
import { highlightNodes } from '../highlight';

/** File results: a thumbnail for clean images, the channel, and a download for clean files only. */
export function FileHits({
  hits,
  onOpenChannel,
}: {
  hits: FileSearchHit[];
  onOpenChannel: (channelId: string) => void;
}) {
  if (hits.length === 0) return null;
  return (
    <section aria-label="Files">
      <h3 className="search-group">Files</h3>
      <ul role="list" className="file-hits">
        {hits.map((hit) => (
          <FileHitRow key={hit.file.id} hit={hit} onOpenChannel={onOpenChannel} />
        ))}
      </ul>
    </section>
  );
}

function FileHitRow({
  hit,
  onOpenChannel,
}: {
  hit: FileSearchHit;
  onOpenChannel: (channelId: string) => void;
}) {
  const { file } = hit;
  // The files service has the latest word on the scan and the preview (the index may lag behind it).
  const { data: current } = useFile(file.id);
  const scanStatus = current?.scan_status ?? file.scan_status;
  const clean = scanStatus === 'clean';
  const thumbnail = useSignedUrl(
    file.id,
    'thumbnail',
    clean && (current?.has_thumbnail ?? file.has_thumbnail),
  );
  const { data: channel } = useChannel(file.channel_id);
  const { title } = useChannelTitle(channel);
  const status = clean
    ? ''
    : file.scan_status === 'infected'
      ? ' · blocked: a virus was found'
      : ' · scanning';
  return (
    <li className="file-hit" data-testid="file-hit">
      {thumbnail.data ? (
        <img className="file-hit-thumb" src={thumbnail.data.url} alt="" loading="lazy" />
      ) : (
        <span className="file-hit-thumb file-icon" aria-hidden="true">
          {scanStatus === 'infected' ? '⛔' : '📄'}
        </span>
      )}
      <button
        type="button"
        className="file-hit-main switcher-option"
        onClick={() => onOpenChannel(file.channel_id)}
      >
        <span className="file-name">
          {hit.highlights.length > 0 ? highlightNodes(hit.highlights[0]) : file.filename}
        </span>
        <span className="muted small">
          {channel?.type === 'dm' ? '' : '#'}
          {title || '…'} · {formatSize(file.size_bytes)}
          {status}
        </span>
      </button>
      {clean && (
        <button
          type="button"
          className="button small"
          aria-label={`Download ${file.filename}`}
          onClick={() =>
            void fetchDownloadUrl(file.id).then(({ url }) => window.open(url, '_blank', 'noopener'))
          }
        >
          Download
        </button>
      )}
    </li>
  );
}
