import { toBuffer } from 'qrcode';

/**
 * The PNG of a ticket code. Level M error correction keeps the 151-character code at a QR version a phone
 * screen shows sharply and a door scanner reads at arm's length, while surviving a cracked screen.
 */
export function ticketQrPng(code: string): Promise<Buffer> {
  return toBuffer(code, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 320 });
}
