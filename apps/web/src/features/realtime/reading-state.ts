/** The channel on screen, and whether its newest message is in view: such messages count as read. */
export const readingState = {
  channelId: null as string | null,
  atBottom: false,
  isReading(channelId: string): boolean {
    return this.channelId === channelId && this.atBottom && document.visibilityState === 'visible';
  },
};
