using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PcCovid.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class DccSigningKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "dcc_signing_keys",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kid = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    certificate_der = table.Column<byte[]>(type: "bytea", nullable: false),
                    protected_private_key = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    created_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    not_after_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    retired_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dcc_signing_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "revoked_certificates",
                columns: table => new
                {
                    uvci_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    revoked_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    revoked_by = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_revoked_certificates", x => x.uvci_hash);
                });

            migrationBuilder.CreateIndex(
                name: "ix_dcc_signing_keys_kid",
                table: "dcc_signing_keys",
                column: "kid");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dcc_signing_keys");

            migrationBuilder.DropTable(
                name: "revoked_certificates");
        }
    }
}
