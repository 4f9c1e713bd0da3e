import closeWithGrace from "close-with-grace";
import type { FastifyInstance } from "fastify";

/**
 * On SIGTERM/SIGINT: start no new operation, let running ones finish within the grace
 * period, then cancel the rest through their AbortSignal, which stops the engine
 * cleanly and journals them `cancelled`, and close. Closing gives webhook deliveries still
 * pending (those operations' endings among them) their own grace, then journals what was
 * not delivered as failed, with its attempts; a later start does not send them again.
 */
export function closeGracefully(app: FastifyInstance, graceMs: number): void {
  const delay = graceMs + app.config.webhookDelivery.shutdownGraceMs + 30_000;
  closeWithGrace({ delay }, async ({ err, signal }) => {
    if (err) app.log.error({ err }, "closing after an error");
    app.log.info({ signal, running: app.runningOperations.size }, "shutting down");
    app.runningOperations.stopAccepting();
    const deadline = setTimeout(
      () => app.runningOperations.cancelAll("the server is shutting down"),
      graceMs,
    );
    await app.runningOperations.drain();
    clearTimeout(deadline);
    await app.close();
  });
}
