using System;
using Microsoft.EntityFrameworkCore.Migrations;
using PcCovid.Data.Audit;

#nullable disable

namespace PcCovid.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AuditLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    actor_account_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    actor_role = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    actor_scope = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    subject_person_id = table.Column<long>(type: "INTEGER", nullable: true),
                    action = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    purpose = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    source_address = table.Column<string>(type: "TEXT", maxLength: 45, nullable: true),
                    detail = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    sequence = table.Column<long>(type: "INTEGER", nullable: true),
                    hash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "audit_seals",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    first_sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    last_sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    count = table.Column<int>(type: "INTEGER", nullable: false),
                    head_hash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    sealed_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_seals", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_actor_account_id_id",
                table: "audit_entries",
                columns: new[] { "actor_account_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_at_utc",
                table: "audit_entries",
                column: "at_utc");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_sequence",
                table: "audit_entries",
                column: "sequence",
                unique: true,
                filter: "sequence IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_subject_person_id_id",
                table: "audit_entries",
                columns: new[] { "subject_person_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_unsealed",
                table: "audit_entries",
                column: "id",
                filter: "sequence IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_audit_seals_first_sequence",
                table: "audit_seals",
                column: "first_sequence",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_audit_seals_last_sequence",
                table: "audit_seals",
                column: "last_sequence",
                unique: true);

            // Not generated: the append-only triggers (docs/audit.md). Re-add this line to a regenerated migration.
            migrationBuilder.Sql(AuditTriggers.SqliteCreate);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Not generated: see Up.
            migrationBuilder.Sql(AuditTriggers.SqliteDrop);

            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "audit_seals");
        }
    }
}
