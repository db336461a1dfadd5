using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PcCovid.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class MergesCorrectionsRiskCountsUploadRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(PcCovid.Data.ReferenceCounts.RiskCountsSql.ClearStaleResidenceCounts);

            migrationBuilder.DropPrimaryKey(
                name: "pk_residence_counts",
                table: "residence_counts");

            migrationBuilder.AddColumn<int>(
                name: "birth_year",
                table: "residence_counts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "boosted",
                table: "residence_counts",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "dosed",
                table: "residence_counts",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "fully_vaccinated",
                table: "residence_counts",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "merged_into_person_id",
                table: "people",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "failure_reason",
                table: "import_runs",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "progress_at_utc",
                table: "import_runs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "started_by_account_id",
                table: "import_runs",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "answer",
                table: "correction_requests",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "answered_at_utc",
                table: "correction_requests",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "answered_by_account_id",
                table: "correction_requests",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddPrimaryKey(
                name: "pk_residence_counts",
                table: "residence_counts",
                columns: new[] { "commune_code", "birth_year" });

            migrationBuilder.CreateTable(
                name: "commune_case_counts",
                columns: table => new
                {
                    commune_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    cases = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_commune_case_counts", x => new { x.commune_code, x.day });
                });

            migrationBuilder.CreateTable(
                name: "person_merges",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    survivor_person_id = table.Column<long>(type: "bigint", nullable: false),
                    absorbed_person_id = table.Column<long>(type: "bigint", nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    merged_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    merged_by_account_id = table.Column<Guid>(type: "uuid", nullable: true),
                    unmerged_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    unmerged_by_account_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_person_merges", x => x.id);
                    table.ForeignKey(
                        name: "fk_person_merges_people_absorbed_person_id",
                        column: x => x.absorbed_person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_person_merges_people_survivor_person_id",
                        column: x => x.survivor_person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "person_merge_moves",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    merge_id = table.Column<long>(type: "bigint", nullable: false),
                    table_name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    column_name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    row_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_person_merge_moves", x => x.id);
                    table.ForeignKey(
                        name: "fk_person_merge_moves_person_merges_merge_id",
                        column: x => x.merge_id,
                        principalTable: "person_merges",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_people_merged_into_person_id",
                table: "people",
                column: "merged_into_person_id",
                filter: "merged_into_person_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_doses_administered_on",
                table: "doses",
                column: "administered_on");

            migrationBuilder.CreateIndex(
                name: "ix_commune_case_counts_day",
                table: "commune_case_counts",
                column: "day");

            migrationBuilder.CreateIndex(
                name: "ix_person_merge_moves_merge_id_table_name_column_name",
                table: "person_merge_moves",
                columns: new[] { "merge_id", "table_name", "column_name" });

            migrationBuilder.CreateIndex(
                name: "ix_person_merges_absorbed_person_id",
                table: "person_merges",
                column: "absorbed_person_id");

            migrationBuilder.CreateIndex(
                name: "ix_person_merges_survivor_person_id",
                table: "person_merges",
                column: "survivor_person_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "commune_case_counts");

            migrationBuilder.DropTable(
                name: "person_merge_moves");

            migrationBuilder.DropTable(
                name: "person_merges");

            migrationBuilder.DropPrimaryKey(
                name: "pk_residence_counts",
                table: "residence_counts");

            migrationBuilder.DropIndex(
                name: "ix_people_merged_into_person_id",
                table: "people");

            migrationBuilder.DropIndex(
                name: "ix_doses_administered_on",
                table: "doses");

            migrationBuilder.DropColumn(
                name: "birth_year",
                table: "residence_counts");

            migrationBuilder.DropColumn(
                name: "boosted",
                table: "residence_counts");

            migrationBuilder.DropColumn(
                name: "dosed",
                table: "residence_counts");

            migrationBuilder.DropColumn(
                name: "fully_vaccinated",
                table: "residence_counts");

            migrationBuilder.DropColumn(
                name: "merged_into_person_id",
                table: "people");

            migrationBuilder.DropColumn(
                name: "failure_reason",
                table: "import_runs");

            migrationBuilder.DropColumn(
                name: "progress_at_utc",
                table: "import_runs");

            migrationBuilder.DropColumn(
                name: "started_by_account_id",
                table: "import_runs");

            migrationBuilder.DropColumn(
                name: "answer",
                table: "correction_requests");

            migrationBuilder.DropColumn(
                name: "answered_at_utc",
                table: "correction_requests");

            migrationBuilder.DropColumn(
                name: "answered_by_account_id",
                table: "correction_requests");

            migrationBuilder.AddPrimaryKey(
                name: "pk_residence_counts",
                table: "residence_counts",
                column: "commune_code");
        }
    }
}
