import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { PKPass } from 'passkit-generator';
import { AppConfig } from '../../platform/config/app-config';
import { PassFacts } from './wallet-pass.queries';

type AppleConfig = NonNullable<AppConfig['wallet']['apple']>;

const ICONS = ['icon.png', 'icon@2x.png', 'icon@3x.png'];

/**
 * Apple Wallet `.pkpass` files, signed with the Pass Type ID certificate from configuration (passkit-generator
 * writes the manifest and its PKCS#7 signature). The certificates are read once at boot, so a broken one stops
 * the boot instead of producing broken passes.
 */
export class AppleWallet {
  private readonly icons: Record<string, Buffer>;

  constructor(private readonly config: AppleConfig) {
    new X509Certificate(config.signerCert);
    new X509Certificate(config.wwdrCert);
    createPrivateKey({ key: config.signerKey, passphrase: config.signerKeyPassphrase });
    this.icons = Object.fromEntries(
      ICONS.map((name) => [name, readFileSync(join(__dirname, 'assets', name))]),
    );
  }

  pass(facts: PassFacts): Buffer {
    const passJson = {
      formatVersion: 1,
      passTypeIdentifier: this.config.passTypeId,
      teamIdentifier: this.config.teamId,
      organizationName: facts.promoterName,
      description: `Ticket for ${facts.eventTitle}`,
      serialNumber: facts.ticketId,
      backgroundColor: 'rgb(59, 91, 219)',
      foregroundColor: 'rgb(255, 255, 255)',
      labelColor: 'rgb(220, 228, 255)',
      eventTicket: {},
    };
    const pass = new PKPass(
      { ...this.icons, 'pass.json': Buffer.from(JSON.stringify(passJson)) },
      {
        wwdr: this.config.wwdrCert,
        signerCert: this.config.signerCert,
        signerKey: this.config.signerKey,
        signerKeyPassphrase: this.config.signerKeyPassphrase,
      },
    );
    pass.primaryFields.push({ key: 'event', label: 'EVENT', value: facts.eventTitle });
    pass.secondaryFields.push(
      { key: 'tier', label: 'TICKET', value: facts.tierName },
      { key: 'attendee', label: 'ATTENDEE', value: facts.attendeeName },
    );
    pass.auxiliaryFields.push(
      {
        key: 'starts',
        label: 'STARTS',
        value: facts.startsAt.toISOString(),
        dateStyle: 'PKDateStyleMedium',
        timeStyle: 'PKDateStyleShort',
      },
      { key: 'venue', label: 'VENUE', value: facts.venueName },
    );
    pass.backFields.push(
      { key: 'address', label: 'Address', value: `${facts.venueAddress}, ${facts.venueCity}` },
      { key: 'ticket', label: 'Ticket', value: facts.ticketId },
    );
    pass.setBarcodes({ format: 'PKBarcodeFormatQR', message: facts.code, messageEncoding: 'iso-8859-1' });
    pass.setExpirationDate(facts.endsAt);
    return pass.getAsBuffer();
  }
}
