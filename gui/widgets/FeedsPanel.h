#pragma once

#include <QList>
#include <QPointer>
#include <QScrollArea>

class FeedCard;
class FeedModel;
class QVBoxLayout;

// The feeds, one card each, in a column that scrolls when they do not fit,
// under the cards of what concerns them all (the cluster panel).
class FeedsPanel final : public QScrollArea {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FeedsPanel)

public:
    explicit FeedsPanel(FeedModel *model, QWidget *parent = nullptr);
    ~FeedsPanel() override;

    QList<FeedCard *> cards() const { return m_cards; }
    // A card above the feeds' (takes it over); it shows and hides itself.
    void addLeadingCard(QWidget *card);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void rebuild();
    void fitWidth();

    QPointer<FeedModel> m_model;
    QWidget *m_content;
    QVBoxLayout *m_layout;
    QList<FeedCard *> m_cards;
    int m_leadingCards = 0;
};
