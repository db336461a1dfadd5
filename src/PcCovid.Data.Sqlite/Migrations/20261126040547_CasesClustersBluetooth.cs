using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PcCovid.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CasesClustersBluetooth : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "clue_birth_year",
                table: "contacts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "clue_id_number",
                table: "contacts",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "clue_name",
                table: "contacts",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "clue_phone",
                table: "contacts",
                type: "TEXT",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "matched_at_utc",
                table: "contacts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "rssi",
                table: "contact_evidence",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "source_system",
                table: "contact_evidence",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AlterColumn<long>(
                name: "source_lab_result_id",
                table: "cases",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "INTEGER");

            migrationBuilder.AlterColumn<DateTime>(
                name: "latest_positive_sampled_at_utc",
                table: "cases",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(DateTime),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<DateTime>(
                name: "first_positive_sampled_at_utc",
                table: "cases",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(DateTime),
                oldType: "TEXT");

            migrationBuilder.AddColumn<DateTime>(
                name: "closed_at_utc",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "onset_on",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "opened_by_account_id",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "bluetooth_encounters",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    case_id = table.Column<long>(type: "INTEGER", nullable: false),
                    uploader_person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    seen_person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    first_seen_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    last_seen_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    rssi = table.Column<int>(type: "INTEGER", nullable: false),
                    tx_power = table.Column<int>(type: "INTEGER", nullable: true),
                    uploaded_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    uploaded_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bluetooth_encounters", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "clusters",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    province_code = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    district_code = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    commune_code = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    venue_id = table.Column<long>(type: "INTEGER", nullable: true),
                    started_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    created_by = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_clusters", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "cluster_cases",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    cluster_id = table.Column<long>(type: "INTEGER", nullable: false),
                    case_id = table.Column<long>(type: "INTEGER", nullable: false),
                    added_by = table.Column<Guid>(type: "TEXT", nullable: false),
                    added_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cluster_cases", x => x.id);
                    table.ForeignKey(
                        name: "fk_cluster_cases_clusters_cluster_id",
                        column: x => x.cluster_id,
                        principalTable: "clusters",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_bluetooth_encounters_case_id",
                table: "bluetooth_encounters",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_bluetooth_encounters_seen_person_id_first_seen_utc",
                table: "bluetooth_encounters",
                columns: new[] { "seen_person_id", "first_seen_utc" });

            migrationBuilder.CreateIndex(
                name: "ix_bluetooth_encounters_uploader_person_id_seen_person_id_first_seen_utc",
                table: "bluetooth_encounters",
                columns: new[] { "uploader_person_id", "seen_person_id", "first_seen_utc" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_cluster_cases_case_id",
                table: "cluster_cases",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_cluster_cases_cluster_id_case_id",
                table: "cluster_cases",
                columns: new[] { "cluster_id", "case_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_clusters_province_code_id",
                table: "clusters",
                columns: new[] { "province_code", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bluetooth_encounters");

            migrationBuilder.DropTable(
                name: "cluster_cases");

            migrationBuilder.DropTable(
                name: "clusters");

            migrationBuilder.DropColumn(
                name: "clue_birth_year",
                table: "contacts");

            migrationBuilder.DropColumn(
                name: "clue_id_number",
                table: "contacts");

            migrationBuilder.DropColumn(
                name: "clue_name",
                table: "contacts");

            migrationBuilder.DropColumn(
                name: "clue_phone",
                table: "contacts");

            migrationBuilder.DropColumn(
                name: "matched_at_utc",
                table: "contacts");

            migrationBuilder.DropColumn(
                name: "rssi",
                table: "contact_evidence");

            migrationBuilder.DropColumn(
                name: "source_system",
                table: "contact_evidence");

            migrationBuilder.DropColumn(
                name: "closed_at_utc",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "onset_on",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "opened_by_account_id",
                table: "cases");

            migrationBuilder.AlterColumn<long>(
                name: "source_lab_result_id",
                table: "cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L,
                oldClrType: typeof(long),
                oldType: "INTEGER",
                oldNullable: true);

            migrationBuilder.AlterColumn<DateTime>(
                name: "latest_positive_sampled_at_utc",
                table: "cases",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified),
                oldClrType: typeof(DateTime),
                oldType: "TEXT",
                oldNullable: true);

            migrationBuilder.AlterColumn<DateTime>(
                name: "first_positive_sampled_at_utc",
                table: "cases",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified),
                oldClrType: typeof(DateTime),
                oldType: "TEXT",
                oldNullable: true);
        }
    }
}
