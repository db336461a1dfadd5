using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PcCovid.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PersonMerges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "merged_into_person_id",
                table: "people",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "person_merges",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    survivor_person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    absorbed_person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    merged_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    merged_by_account_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    unmerged_at_utc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    unmerged_by_account_id = table.Column<Guid>(type: "TEXT", nullable: true)
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
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    merge_id = table.Column<long>(type: "INTEGER", nullable: false),
                    table_name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    column_name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    row_key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
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
                name: "person_merge_moves");

            migrationBuilder.DropTable(
                name: "person_merges");

            migrationBuilder.DropIndex(
                name: "ix_people_merged_into_person_id",
                table: "people");

            migrationBuilder.DropColumn(
                name: "merged_into_person_id",
                table: "people");
        }
    }
}
