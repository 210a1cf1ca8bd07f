import { SocketAckError } from '@colink/contracts';

/** A client -> server event refused with a known code; `SocketAckFilter` answers it through the ack. */
export class SocketRefusal extends Error {
  constructor(readonly ack: SocketAckError) {
    super(ack.message);
    this.name = 'SocketRefusal';
  }
}
