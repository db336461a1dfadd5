using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PcCovid.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CasesJobsDashboardsAndCitizenApp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "clue_birth_year",
                table: "contacts",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "clue_id_number",
                table: "contacts",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "clue_name",
                table: "contacts",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "clue_phone",
                table: "contacts",
                type: "character varying(30)",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "matched_at_utc",
                table: "contacts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "rssi",
                table: "contact_evidence",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "source_system",
                table: "contact_evidence",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AlterColumn<long>(
                name: "source_lab_result_id",
                table: "cases",
                type: "bigint",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "bigint");

            migrationBuilder.AlterColumn<DateTime>(
                name: "latest_positive_sampled_at_utc",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true,
                oldClrType: typeof(DateTime),
                oldType: "timestamp with time zone");

            migrationBuilder.AlterColumn<DateTime>(
                name: "first_positive_sampled_at_utc",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true,
                oldClrType: typeof(DateTime),
                oldType: "timestamp with time zone");

            migrationBuilder.AddColumn<DateTime>(
                name: "closed_at_utc",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "onset_on",
                table: "cases",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "opened_by_account_id",
                table: "cases",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "aggregation_watermarks",
                columns: table => new
                {
                    fact = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    last_id = table.Column<long>(type: "bigint", nullable: false),
                    seen_id = table.Column<long>(type: "bigint", nullable: false),
                    updated_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_aggregation_watermarks", x => x.fact);
                });

            migrationBuilder.CreateTable(
                name: "bluetooth_encounters",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    case_id = table.Column<long>(type: "bigint", nullable: false),
                    uploader_person_id = table.Column<long>(type: "bigint", nullable: false),
                    seen_person_id = table.Column<long>(type: "bigint", nullable: false),
                    first_seen_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    last_seen_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    rssi = table.Column<int>(type: "integer", nullable: false),
                    tx_power = table.Column<int>(type: "integer", nullable: true),
                    uploaded_by = table.Column<Guid>(type: "uuid", nullable: true),
                    uploaded_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bluetooth_encounters", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "clusters",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    province_code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    district_code = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    commune_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    venue_id = table.Column<long>(type: "bigint", nullable: true),
                    started_on = table.Column<DateOnly>(type: "date", nullable: true),
                    description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_by = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_clusters", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "correction_requests",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    person_id = table.Column<long>(type: "bigint", nullable: false),
                    requested_by_person_id = table.Column<long>(type: "bigint", nullable: false),
                    about = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    text = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    created_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_correction_requests", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "daily_counts",
                columns: table => new
                {
                    unit_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    unit_level = table.Column<int>(type: "integer", nullable: false),
                    province_code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    new_cases = table.Column<long>(type: "bigint", nullable: false),
                    tests = table.Column<long>(type: "bigint", nullable: false),
                    tests_positive = table.Column<long>(type: "bigint", nullable: false),
                    dose1 = table.Column<long>(type: "bigint", nullable: false),
                    dose2 = table.Column<long>(type: "bigint", nullable: false),
                    dose3plus = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_daily_counts", x => new { x.unit_code, x.day });
                });

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    friendly_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    xml = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_protection_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "job_leases",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    holder = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    generation = table.Column<long>(type: "bigint", nullable: false),
                    lease_expires_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    heartbeat_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    acquired_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    last_completed_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    checkpoint = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_job_leases", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "quarantine_counts",
                columns: table => new
                {
                    unit_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    unit_level = table.Column<int>(type: "integer", nullable: false),
                    f1in_quarantine = table.Column<long>(type: "bigint", nullable: false),
                    f0in_isolation = table.Column<long>(type: "bigint", nullable: false),
                    counted_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_quarantine_counts", x => x.unit_code);
                });

            migrationBuilder.CreateTable(
                name: "cluster_cases",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    cluster_id = table.Column<long>(type: "bigint", nullable: false),
                    case_id = table.Column<long>(type: "bigint", nullable: false),
                    added_by = table.Column<Guid>(type: "uuid", nullable: false),
                    added_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                name: "ix_bluetooth_encounters_uploader_person_id_seen_person_id_firs",
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

            migrationBuilder.CreateIndex(
                name: "ix_correction_requests_person_id_id",
                table: "correction_requests",
                columns: new[] { "person_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_correction_requests_status_id",
                table: "correction_requests",
                columns: new[] { "status", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_daily_counts_unit_level_day_province_code",
                table: "daily_counts",
                columns: new[] { "unit_level", "day", "province_code" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "aggregation_watermarks");

            migrationBuilder.DropTable(
                name: "bluetooth_encounters");

            migrationBuilder.DropTable(
                name: "cluster_cases");

            migrationBuilder.DropTable(
                name: "correction_requests");

            migrationBuilder.DropTable(
                name: "daily_counts");

            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "job_leases");

            migrationBuilder.DropTable(
                name: "quarantine_counts");

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
                type: "bigint",
                nullable: false,
                defaultValue: 0L,
                oldClrType: typeof(long),
                oldType: "bigint",
                oldNullable: true);

            migrationBuilder.AlterColumn<DateTime>(
                name: "latest_positive_sampled_at_utc",
                table: "cases",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified),
                oldClrType: typeof(DateTime),
                oldType: "timestamp with time zone",
                oldNullable: true);

            migrationBuilder.AlterColumn<DateTime>(
                name: "first_positive_sampled_at_utc",
                table: "cases",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified),
                oldClrType: typeof(DateTime),
                oldType: "timestamp with time zone",
                oldNullable: true);
        }
    }
}
