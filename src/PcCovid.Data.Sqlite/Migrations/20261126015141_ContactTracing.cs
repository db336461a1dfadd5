using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PcCovid.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ContactTracing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "contacts",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    case_id = table.Column<long>(type: "INTEGER", nullable: false),
                    person_id = table.Column<long>(type: "INTEGER", nullable: true),
                    free_text = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    degree = table.Column<int>(type: "INTEGER", nullable: false),
                    via_person_id = table.Column<long>(type: "INTEGER", nullable: true),
                    sources = table.Column<int>(type: "INTEGER", nullable: false),
                    last_exposure_utc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    traced_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    became_case_id = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contacts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "notifications",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    contact_id = table.Column<long>(type: "INTEGER", nullable: true),
                    title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    body = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    created_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    read_at_utc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notifications", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "contact_evidence",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    contact_id = table.Column<long>(type: "INTEGER", nullable: false),
                    source = table.Column<int>(type: "INTEGER", nullable: false),
                    venue_id = table.Column<long>(type: "INTEGER", nullable: true),
                    overlap_start_utc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    overlap_end_utc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    household_code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    recorded_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    recorded_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contact_evidence", x => x.id);
                    table.ForeignKey(
                        name: "fk_contact_evidence_contacts_contact_id",
                        column: x => x.contact_id,
                        principalTable: "contacts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_contact_evidence_contact_id",
                table: "contact_evidence",
                column: "contact_id");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_case_id_person_id",
                table: "contacts",
                columns: new[] { "case_id", "person_id" },
                unique: true,
                filter: "person_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_person_id",
                table: "contacts",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_notifications_kind_contact_id",
                table: "notifications",
                columns: new[] { "kind", "contact_id" },
                unique: true,
                filter: "contact_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_notifications_person_id_id",
                table: "notifications",
                columns: new[] { "person_id", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "contact_evidence");

            migrationBuilder.DropTable(
                name: "notifications");

            migrationBuilder.DropTable(
                name: "contacts");
        }
    }
}
