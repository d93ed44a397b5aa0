#pragma once
// CompareView: the original and the translation on top of each other, split by a line the user drags
// (or moves with the arrow keys): the translation left of it, the original right of it. For the
// Translate tab's Compare mode, beside the side-by-side panes. UI thread.

#include <QImage>
#include <QWidget>

namespace ui {

class CompareView : public QWidget
{
    Q_OBJECT

public:
    explicit CompareView(QWidget *parent = nullptr);

    void setImages(const QImage &original, const QImage &result);
    void setLabels(const QString &original, const QString &result);
    // Where the line is, from 0 (all original) to 1 (all translation).
    double split() const { return m_split; }
    void setSplit(double split);
    // The picture's rectangle in the widget (the images are scaled to fit).
    QRect pictureRect() const;

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    void splitAt(int x);

    QImage m_original, m_result;
    QString m_originalLabel, m_resultLabel;
    double m_split = 0.5;
};

} // namespace ui
