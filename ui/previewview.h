#pragma once
// PreviewView: the cycle-preview grid (real A | A→B | A→B→A | real B | B→A | B→A→B, or in the
// multi-domain mode each sample into every domain and back), labelled with its iteration, with a header
// over each column named from the style names, and a slider to step back through earlier previews. UI
// thread; owned by the main window.

#include "ui/format.h"

#include <QImage>
#include <QWidget>

class QLabel;
class QSlider;

namespace ui {

class PreviewView : public QWidget
{
    Q_OBJECT

public:
    explicit PreviewView(QWidget *parent = nullptr);

    void addPreview(qint64 iteration, const QImage &grid); // shows it if the slider is at the newest
    void clear();
    int count() const { return m_history.size(); }
    qint64 shownIteration() const;
    QString caption() const;
    // Multi-domain grids: per sample a row real | into each domain, and under it the way back.
    void setMultiDomain(bool multiDomain);
    // A two-domain project's style names, for the column headers.
    void setStyleNames(const StyleNames &names);
    // The headers over the six columns of a two-domain grid.
    QStringList columnHeaders() const;
    // The newest preview and its iteration (a null image when there is none).
    QImage newestImage() const { return m_history.isEmpty() ? QImage() : m_history.last().second; }

Q_SIGNALS:
    // For the Train tab's strip, which shows the same previews.
    void previewAdded(qint64 iteration, const QImage &grid);
    void cleared();

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void show(int index);

    QLabel *m_caption = nullptr;
    QLabel *m_image = nullptr;
    QSlider *m_slider = nullptr;
    QVector<QPair<qint64, QImage>> m_history;
    int m_shown = -1;
    bool m_multiDomain = false;
    StyleNames m_styles;
};

} // namespace ui
