#pragma once

class QFont;
class QFrame;
class QTableView;

// The look of the cards in the dashboard's left column (a feed, the
// cluster): one place, so that every card reads as one of a set.
namespace CardStyle {

// A panel on the Base colour, framed as the desktop frames panels.
void applyCard(QFrame *card);
// A card's title: bold and a little larger than the text.
QFont titleFont(QFont font);
// A small table inside a card: no row numbers, grid, selection or scroll
// bars of its own; columns as wide as their contents.
void applyTable(QTableView *table);
// As tall as its rows and as wide as its columns: the column scrolls, not
// the table, and the card makes room for it rather than cut it off. Hidden
// while it has no rows.
void fitTable(QTableView *table);

} // namespace CardStyle
