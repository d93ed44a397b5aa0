#include "ui/compareview.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace ui {

CompareView::CompareView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("compareView"));
    setFocusPolicy(Qt::StrongFocus);
    setCursor(Qt::SplitHCursor);
    setMinimumSize(160, 160);
    setToolTip(tr("Drag the line (or use the arrow keys) to compare the translation with the original"));
}

void CompareView::setImages(const QImage &original, const QImage &result)
{
    m_original = original;
    m_result = result;
    update();
}

void CompareView::setLabels(const QString &original, const QString &result)
{
    m_originalLabel = original;
    m_resultLabel = result;
    update();
}

void CompareView::setSplit(double split)
{
    m_split = std::clamp(split, 0.0, 1.0);
    update();
}

QRect CompareView::pictureRect() const
{
    const QImage &reference = m_result.isNull() ? m_original : m_result;
    if (reference.isNull())
        return {};
    const QSize size = reference.size().scaled(this->size(), Qt::KeepAspectRatio);
    return QRect(QPoint((width() - size.width()) / 2, (height() - size.height()) / 2), size);
}

void CompareView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QRect picture = pictureRect();
    if (picture.isEmpty()) {
        painter.drawText(rect(), Qt::AlignCenter, tr("Drop an image here"));
        return;
    }
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    const int line = picture.left() + int(m_split * picture.width());
    // The translation on the left of the line, the original on the right (the same size: the translation
    // keeps the original's size).
    painter.save();
    painter.setClipRect(QRect(picture.topLeft(), QPoint(line, picture.bottom())));
    painter.drawImage(picture, m_result.isNull() ? m_original : m_result);
    painter.setClipRect(QRect(QPoint(line, picture.top()), picture.bottomRight()));
    painter.drawImage(picture, m_original);
    painter.restore();
    painter.setPen(QPen(Qt::white, 2));
    painter.drawLine(line, picture.top(), line, picture.bottom());
    painter.setBrush(Qt::white);
    painter.drawEllipse(QPoint(line, picture.center().y()), 6, 6);
    // Labels on a dark band, each on its own side.
    const QFontMetrics metrics(font());
    auto label = [&](const QString &text, bool left) {
        if (text.isEmpty())
            return;
        const int w = metrics.horizontalAdvance(text) + 12, h = metrics.height() + 6;
        const QRect box(left ? picture.left() + 6 : picture.right() - 6 - w, picture.top() + 6, w, h);
        painter.fillRect(box, QColor(0, 0, 0, 140));
        painter.setPen(Qt::white);
        painter.drawText(box, Qt::AlignCenter, text);
    };
    label(m_resultLabel, true);
    label(m_originalLabel, false);
}

void CompareView::splitAt(int x)
{
    const QRect picture = pictureRect();
    if (picture.width() > 0)
        setSplit(double(x - picture.left()) / picture.width());
}

void CompareView::mousePressEvent(QMouseEvent *event) { splitAt(int(event->position().x())); }

void CompareView::mouseMoveEvent(QMouseEvent *event)
{
    if (event->buttons() & Qt::LeftButton)
        splitAt(int(event->position().x()));
}

void CompareView::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Left)
        setSplit(m_split - 0.05);
    else if (event->key() == Qt::Key_Right)
        setSplit(m_split + 0.05);
    else
        QWidget::keyPressEvent(event);
}

} // namespace ui
