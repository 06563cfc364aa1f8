import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Fingerprints of seed-file lines already imported, so a second import changes nothing. */
@Entity({ name: 'seed_imports' })
export class SeedImportEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  fingerprint!: string;

  @CreateDateColumn({ name: 'imported_at' })
  importedAt!: Date;
}
