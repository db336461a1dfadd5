using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PcCovid.Data.Sqlite.Migrations
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
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kid = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    certificate_der = table.Column<byte[]>(type: "BLOB", nullable: false),
                    protected_private_key = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    created_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    not_after_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    is_active = table.Column<bool>(type: "INTEGER", nullable: false),
                    retired_at_utc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dcc_signing_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "revoked_certificates",
                columns: table => new
                {
                    uvci_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    revoked_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    revoked_by = table.Column<Guid>(type: "TEXT", nullable: false)
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
