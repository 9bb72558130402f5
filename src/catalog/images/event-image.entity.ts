import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Event } from '../events/event.entity';
import { ImageStatus } from './image-status';

/** One resized copy of an image, stored beside the original. */
export interface ImageVariant {
  width: number;
  height: number;
  key: string;
  size: number;
}

/**
 * An image of an event, its bytes in object storage under `storage_key` and each variant's key.
 * Rows in `deleting` wait for the worker to remove their objects; nothing else ever sees them.
 */
@Entity('event_images')
@Index(['eventId', 'position'])
@Check('chk_event_images_size', '"size" > 0')
@Check(
  'chk_event_images_dimensions',
  '("width" IS NULL) = ("height" IS NULL) AND ("width" IS NULL OR ("width" > 0 AND "height" > 0))',
)
export class EventImage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => Event, { onDelete: 'RESTRICT' })
  event?: Event;

  /** The upload's key while pending (or failed), the checked original's once accepted. */
  @Column({ type: 'varchar', length: 300 })
  storageKey: string;

  @Column({ type: 'enum', enum: ImageStatus, enumName: 'event_image_status', default: ImageStatus.Pending })
  status: ImageStatus;

  /** The declared type while pending; the type its bytes proved once checked. */
  @Column({ type: 'varchar', length: 50 })
  contentType: string;

  /** Bytes: the declared size while pending, the stored size once checked. */
  @Column({ type: 'int' })
  size: number;

  @Column({ type: 'int', nullable: true })
  width: number | null;

  @Column({ type: 'int', nullable: true })
  height: number | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  variants: ImageVariant[];

  /** Lower first. */
  @Column({ type: 'int', default: 0 })
  position: number;

  @Column({ type: 'varchar', length: 50, nullable: true })
  failureReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
