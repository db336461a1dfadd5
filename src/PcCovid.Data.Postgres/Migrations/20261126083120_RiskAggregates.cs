using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PcCovid.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class RiskAggregates : Migration
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

            migrationBuilder.CreateIndex(
                name: "ix_doses_administered_on",
                table: "doses",
                column: "administered_on");

            migrationBuilder.CreateIndex(
                name: "ix_commune_case_counts_day",
                table: "commune_case_counts",
                column: "day");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "commune_case_counts");

            migrationBuilder.DropPrimaryKey(
                name: "pk_residence_counts",
                table: "residence_counts");

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

            migrationBuilder.AddPrimaryKey(
                name: "pk_residence_counts",
                table: "residence_counts",
                column: "commune_code");
        }
    }
}
