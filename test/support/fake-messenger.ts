import { GcCommandEvent } from '../../src/events/command.js';
import { GcGenesysEvent, GcMessengerStateEvent, type MessengerState } from '../../src/events/messenger.js';

export interface SentCommand {
  command: string;
  options: unknown;
}

/**
 * A stand-in for `<gc-messenger>`'s bridge, speaking only its events on `document`: it answers
 * `gc-messenger-query` with a state (and the ready events it has published so far, as the bridge
 * replays them), and `gc-command` with `answer` (default: taken). What the elements send is kept.
 */
export class FakeMessenger {
  readonly sent: SentCommand[] = [];
  state: MessengerState = 'ready';
  journeyReady = false;
  answer: (command: SentCommand) => Promise<unknown> = () => Promise.resolve(undefined);

  constructor() {
    document.addEventListener('gc-messenger-query', this.onQuery);
    document.addEventListener('gc-command', this.onCommand);
  }

  remove(): void {
    document.removeEventListener('gc-messenger-query', this.onQuery);
    document.removeEventListener('gc-command', this.onCommand);
  }

  /** Announces a state, as the messenger does when it changes. */
  announce(state: MessengerState, message?: string): void {
    this.state = state;
    document.dispatchEvent(new GcMessengerStateEvent({ state, deploymentId: '5d1b8c2e-3f4a-4b6c-9d8e-0a1b2c3d4e5f', environment: 'prod', message }));
  }

  /** Publishes `Journey.ready`, as the bridge re-fires it. */
  publishJourneyReady(): void {
    this.journeyReady = true;
    document.dispatchEvent(new GcGenesysEvent('Journey.ready', {}, { eventName: 'Journey.ready', data: {} }));
  }

  private readonly onQuery = (event: Event) => {
    this.announce(this.state);
    if (this.journeyReady) event.target!.dispatchEvent(new GcGenesysEvent('Journey.ready', {}, { eventName: 'Journey.ready', data: {} }));
  };

  private readonly onCommand = (event: GcCommandEvent) => {
    const sent = { command: event.command, options: event.options };
    this.sent.push(sent);
    event.respondWith(this.answer(sent));
  };
}
