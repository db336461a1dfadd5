using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PcCovid.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ConsoleUploadRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "failure_reason",
                table: "import_runs");

            migrationBuilder.DropColumn(
                name: "progress_at_utc",
                table: "import_runs");

            migrationBuilder.DropColumn(
                name: "started_by_account_id",
                table: "import_runs");
        }
    }
}
