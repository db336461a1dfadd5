using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PcCovid.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class InitialRegistry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "deferred_indexes",
                columns: table => new
                {
                    name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    table_name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    definition = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_deferred_indexes", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "import_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    source = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    started_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    finished_at_utc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    rows_read = table.Column<long>(type: "INTEGER", nullable: false),
                    inserted = table.Column<long>(type: "INTEGER", nullable: false),
                    updated = table.Column<long>(type: "INTEGER", nullable: false),
                    unchanged = table.Column<long>(type: "INTEGER", nullable: false),
                    rejected = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_import_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "people",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    citizen_id = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    legacy_id_number = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    passport_number = table.Column<string>(type: "TEXT", maxLength: 9, nullable: true),
                    nationality = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    full_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    name_key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    birth_year = table.Column<int>(type: "INTEGER", nullable: false),
                    birth_day = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    sex = table.Column<int>(type: "INTEGER", nullable: false),
                    province_code = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    district_code = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    commune_code = table.Column<string>(type: "TEXT", maxLength: 5, nullable: true),
                    address_line = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    household_code = table.Column<string>(type: "TEXT", maxLength: 13, nullable: true),
                    relation_to_head = table.Column<int>(type: "INTEGER", nullable: true),
                    content_hash = table.Column<long>(type: "INTEGER", nullable: false),
                    last_import_run_id = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    is_authoritative = table.Column<bool>(type: "INTEGER", nullable: false),
                    received_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    source_record_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    source_system = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_people", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "residence_counts",
                columns: table => new
                {
                    commune_code = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    district_code = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    province_code = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    people = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_residence_counts", x => x.commune_code);
                });

            migrationBuilder.CreateTable(
                name: "import_rejections",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    import_run_id = table.Column<long>(type: "INTEGER", nullable: false),
                    line_number = table.Column<long>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_import_rejections", x => x.id);
                    table.ForeignKey(
                        name: "fk_import_rejections_import_runs_import_run_id",
                        column: x => x.import_run_id,
                        principalTable: "import_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "person_phones",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    e164 = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    converted_from_old_number = table.Column<bool>(type: "INTEGER", nullable: false),
                    is_authoritative = table.Column<bool>(type: "INTEGER", nullable: false),
                    received_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    source_record_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    source_system = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_person_phones", x => x.id);
                    table.ForeignKey(
                        name: "fk_person_phones_people_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_import_rejections_import_run_id_line_number",
                table: "import_rejections",
                columns: new[] { "import_run_id", "line_number" });

            migrationBuilder.CreateIndex(
                name: "ix_import_runs_source_started_at_utc",
                table: "import_runs",
                columns: new[] { "source", "started_at_utc" });

            migrationBuilder.CreateIndex(
                name: "ix_people_citizen_id",
                table: "people",
                column: "citizen_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_people_commune_code_id",
                table: "people",
                columns: new[] { "commune_code", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_people_household_code",
                table: "people",
                column: "household_code");

            migrationBuilder.CreateIndex(
                name: "ix_people_legacy_id_number",
                table: "people",
                column: "legacy_id_number");

            migrationBuilder.CreateIndex(
                name: "ix_people_name_key_birth_year",
                table: "people",
                columns: new[] { "name_key", "birth_year" });

            migrationBuilder.CreateIndex(
                name: "ix_people_nationality_passport_number",
                table: "people",
                columns: new[] { "nationality", "passport_number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_person_phones_e164",
                table: "person_phones",
                column: "e164");

            migrationBuilder.CreateIndex(
                name: "ix_person_phones_person_id_e164",
                table: "person_phones",
                columns: new[] { "person_id", "e164" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_residence_counts_province_code",
                table: "residence_counts",
                column: "province_code");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "deferred_indexes");

            migrationBuilder.DropTable(
                name: "import_rejections");

            migrationBuilder.DropTable(
                name: "person_phones");

            migrationBuilder.DropTable(
                name: "residence_counts");

            migrationBuilder.DropTable(
                name: "import_runs");

            migrationBuilder.DropTable(
                name: "people");
        }
    }
}
