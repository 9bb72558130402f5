import { ApiOperationOptions, getSchemaPath } from '@nestjs/swagger';
import { WEBHOOK_PAYLOAD_MODELS } from './webhook-payloads.dto';

const header = (name: string, description: string, example: string) => ({
  name,
  in: 'header' as const,
  required: true,
  description,
  schema: { type: 'string' as const, example },
});

/** `order.paid` → `receiveOrderPaidWebhook`. */
const operationIdOf = (type: string) =>
  'receive' +
  type
    .split(/[._]/)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('') +
  'Webhook';

/**
 * The messages an endpoint receives, as OpenAPI callbacks of `createWebhook`: one POST to the endpoint's `url`
 * per message type, with the Standard Webhooks headers and the documented body. The receiver answers; it needs
 * no credentials of ours, so the operations carry no security requirement and no error codes of this API.
 */
export function webhookCallbacks(): ApiOperationOptions['callbacks'] {
  return Object.fromEntries(
    WEBHOOK_PAYLOAD_MODELS.map(({ type, model }) => [
      type,
      {
        '{$request.body#/url}': {
          post: {
            operationId: operationIdOf(type),
            summary: `The \`${type}\` message, as your endpoint receives it`,
            security: [],
            'x-error-codes': [],
            parameters: [
              header('webhook-id', 'The message id: the same on every retry and redelivery', 'msg_2Lq…'),
              header('webhook-timestamp', 'Unix seconds of this attempt', '1906741800'),
              header(
                'webhook-signature',
                'Space-separated `v1,<base64>` HMAC-SHA256 signatures of `id.timestamp.body`, one per live secret',
                'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
              ),
            ],
            requestBody: {
              required: true,
              content: { 'application/json': { schema: { $ref: getSchemaPath(model) } } },
            },
            responses: {
              '2XX': { description: 'Acknowledged: the message is delivered' },
              '4XX': {
                description:
                  'Refused: retried with backoff for three days (410 Gone disables the endpoint at once)',
              },
              '5XX': { description: 'Failed: retried with backoff for three days' },
            },
          },
        },
      },
    ]),
  );
}
